import type { CreditDecisions } from '@bund/sdk'
import { z } from 'zod'
import { acrossAttributes } from '../across-attributes.js'
import { NotEvaluable, defineCheck } from '../check.js'
import { applicantsOf, joinDecisionTable, joinDecisions } from '../credit-join.js'
import { exchangePairs } from '../rerun.js'
import { rerunKey } from '../rerun-request.js'
import { say } from '../verdict-text.js'

/**
 * Counterfactual probe: the runtime runs the scenario again with the attribute exchanged between
 * matched pairs of applicants — both directions, proxies along (see rerun.ts) — and counts the
 * exchanged applicants whose decision changed. A model that does not use the attribute, directly,
 * through a proxy or by memorising it, changes none; the probe looks to the scenario like any run.
 * Figure: the share of exchanged applicants whose decision changed (an applicant left undecided
 * counts as changed); fails above the threshold. No attribute: every attribute the kind declares.
 */
export const counterfactualProbe = defineCheck({
  name: 'counterfactual-probe',
  description: 'Share of decisions that change when the protected attribute is exchanged between matched pairs of applicants.',
  kinds: ['credit-decisions'],
  params: z.object({ attribute: z.string().min(1).optional(), threshold: z.number().min(0).max(1).default(0.01) }).strict(),
  reruns: (params, attributes) => (params.attribute !== undefined ? [params.attribute] : attributes).map((attribute) => ({ kind: 'exchange-attribute', attribute })),
  evaluate(input, params) {
    const original = joinDecisions(input)
    const dataset = applicantsOf(input)
    return acrossAttributes(input, params.attribute, 'max', params.threshold, (attribute) => {
      const rerun = input.reruns?.[rerunKey({ kind: 'exchange-attribute', attribute })]
      if (rerun === undefined) throw new NotEvaluable(say('probeNotRun', { attribute }))
      if (!rerun.ok) throw new NotEvaluable(say('probeFailed', { attribute, code: rerun.error.code, error: rerun.error.message }))
      const pairs = exchangePairs(dataset.kind, dataset.evaluation, attribute)
      if (pairs.length === 0) {
        return { figure: 0, ...say('probeNoPairs', { rows: dataset.evaluation.rows, attribute }), evidence: { pairs: 0, exchanged: 0, changed: 0 } }
      }
      const probed = joinDecisionTable(rerun.output as CreditDecisions, original.applicants)
      const c = changes(original.row, original.approved, probed.row, probed.approved, dataset.evaluation.rows, pairs)
      if (c.exchanged === 0) throw new NotEvaluable(say('probeNoDecision', { attribute }))
      const share = c.changed / c.exchanged
      return {
        figure: share,
        ...say('probeChanged', { changed: c.changed, exchanged: c.exchanged, share, attribute, pairs: pairs.length / 2, threshold: params.threshold }),
        evidence: { pairs: pairs.length / 2, ...c },
      }
    })
  },
})

interface Changes {
  exchanged: number
  changed: number
  approvedToDeclined: number
  declinedToApproved: number
  /** Decisions of rows outside the pairs that changed too (a model reacting to the batch, not the row). */
  changedElsewhere: number
}

/** Decisions per applicant row before and after; counts the changes on exchanged rows. */
function changes(rowA: Int32Array, approvedA: Uint8Array, rowB: Int32Array, approvedB: Uint8Array, rows: number, pairs: Int32Array): Changes {
  // 0/1, or 2 when the applicant got no decision.
  const before = new Uint8Array(rows).fill(2)
  for (let i = 0; i < rowA.length; i++) before[rowA[i]!] = approvedA[i]!
  const after = new Uint8Array(rows).fill(2)
  for (let i = 0; i < rowB.length; i++) after[rowB[i]!] = approvedB[i]!
  const inPair = new Uint8Array(rows)
  for (let p = 0; p < pairs.length; p++) inPair[pairs[p]!] = 1
  const c: Changes = { exchanged: 0, changed: 0, approvedToDeclined: 0, declinedToApproved: 0, changedElsewhere: 0 }
  for (let r = 0; r < rows; r++) {
    if (before[r] === 2) continue
    if (inPair[r] === 0) {
      if (before[r] !== after[r]) c.changedElsewhere++
      continue
    }
    c.exchanged++
    if (before[r] === after[r]) continue
    c.changed++
    if (before[r] === 1 && after[r] === 0) c.approvedToDeclined++
    if (before[r] === 0 && after[r] === 1) c.declinedToApproved++
  }
  return c
}
