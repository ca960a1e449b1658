import { z } from 'zod'
import { sha256, canonicalJson } from '../../kernel/index.js'
import { NotEvaluable, defineCheck } from '../check.js'
import { rerunKey } from '../rerun-request.js'
import { say } from '../verdict-text.js'

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
    if (rerun === undefined) throw new NotEvaluable(say('repeatNotRun'))
    if (!rerun.ok) throw new NotEvaluable(say('repeatFailed', { code: rerun.error.code, error: rerun.error.message }))
    const first = input.outputHash ?? sha256(canonicalJson(input.output))
    const same = first === rerun.outputHash
    return {
      passed: same,
      figure: same ? 1 : 0,
      threshold: 1,
      ...(same ? say('determinismSame', { hash: first.slice(0, 16) }) : say('determinismDiffers', { first: first.slice(0, 16), second: rerun.outputHash.slice(0, 16) })),
      evidence: { first, second: rerun.outputHash },
    }
  },
})
