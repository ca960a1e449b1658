import { z } from 'zod'
import { sha256 } from '../../kernel/index.js'
import { canonicalJson } from '../../store/canonical.js'
import { NotEvaluable, defineCheck } from '../check.js'
import { rerunKey } from '../rerun.js'

/**
 * Determinism: the runtime runs the scenario a second time on the same seed, data and params, and
 * the output's canonical hash must be the same — so anyone can re-run a publication and get it.
 * Figure: 1 when the hashes match, 0 when not.
 */
export const determinism = defineCheck({
  name: 'determinism',
  description: 'A second run on the same seed, data and params gives the same output hash.',
  kinds: '*',
  params: z.object({}).strict(),
  reruns: () => [{ kind: 'repeat' }],
  evaluate(input) {
    const rerun = input.reruns?.[rerunKey({ kind: 'repeat' })]
    if (rerun === undefined) throw new NotEvaluable('the repeat run was not performed')
    if (!rerun.ok) throw new NotEvaluable(`the repeat run failed: ${rerun.error.code}: ${rerun.error.message}`)
    const first = input.outputHash ?? sha256(canonicalJson(input.output))
    const same = first === rerun.outputHash
    return {
      passed: same,
      figure: same ? 1 : 0,
      threshold: 1,
      message: same ? `a second run gave the same output (sha256 ${first.slice(0, 16)}…)` : `a second run gave a different output: sha256 ${first.slice(0, 16)}… then ${rerun.outputHash.slice(0, 16)}…`,
      evidence: { first, second: rerun.outputHash },
    }
  },
})
