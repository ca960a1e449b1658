import type { CreditDecisions } from '@bund/sdk'
import { z } from 'zod'
import { NotEvaluable, defineCheck } from '../check.js'
import { type JoinedDecisions, joinDecisionTable, joinDecisions } from '../credit-join.js'
import { pct } from '../group-rates.js'
import { rerunKey } from '../rerun.js'

/**
 * Counterfactual probe: the runtime runs the scenario again with every evaluated applicant moved to
 * another group of a protected attribute (see rerun.ts) and counts the applicants whose decision
 * changed. A model that does not use the attribute, directly or by memorising it, changes none.
 * Figure: the share of applicants whose decision changed; fails above the threshold.
 */
export const counterfactualProbe = defineCheck({
  name: 'counterfactual-probe',
  description: 'Share of decisions that change when the protected attribute is swapped between groups.',
  kinds: ['credit-decisions'],
  params: z.object({ attribute: z.string().min(1), threshold: z.number().min(0).max(1).default(0.01) }).strict(),
  reruns: (params) => [{ kind: 'swap-attribute', attribute: params.attribute }],
  evaluate(input, params) {
    const rerun = input.reruns?.[rerunKey({ kind: 'swap-attribute', attribute: params.attribute })]
    if (rerun === undefined) throw new NotEvaluable(`the run with ${params.attribute} swapped was not performed`)
    if (!rerun.ok) throw new NotEvaluable(`the run with ${params.attribute} swapped failed: ${rerun.error.code}: ${rerun.error.message}`)
    const original = joinDecisions(input)
    const counts = sameOrder(original.decisions, rerun.output as CreditDecisions) ?? byApplicant(original, joinDecisionTable(rerun.output as CreditDecisions, original.applicants))
    const { decided, changed, approvedToDeclined, declinedToApproved } = counts
    if (decided === 0) throw new NotEvaluable('no applicant received a decision')
    const share = changed / decided
    const passed = share <= params.threshold
    return {
      passed,
      figure: share,
      threshold: params.threshold,
      message: `${changed} of ${decided} decisions (${pct(share)}) changed when ${params.attribute} was swapped between groups (${passed ? '≤' : '>'} ${pct(params.threshold)})`,
      evidence: { attribute: params.attribute, decided, changed, approvedToDeclined, declinedToApproved, noDecisionAfterSwap: changed - approvedToDeclined - declinedToApproved },
    }
  },
})

interface Changes {
  decided: number
  changed: number
  approvedToDeclined: number
  declinedToApproved: number
}

/** The common case: both runs list the same applicants in the same order, so rows compare directly. */
function sameOrder(a: CreditDecisions, b: CreditDecisions): Changes | undefined {
  if (a.decisions.rows !== b.decisions.rows) return undefined
  const idsA = new Uint32Array(a.decisions.columns['applicantId']!.buffer)
  const idsB = new Uint32Array(b.decisions.columns['applicantId']!.buffer)
  const before = new Uint8Array(a.decisions.columns['approved']!.buffer)
  const after = new Uint8Array(b.decisions.columns['approved']!.buffer)
  let approvedToDeclined = 0
  let declinedToApproved = 0
  for (let i = 0; i < idsA.length; i++) {
    if (idsA[i] !== idsB[i]) return undefined
    if (before[i] === after[i]) continue
    if (before[i] === 1) approvedToDeclined++
    else declinedToApproved++
  }
  return { decided: idsA.length, changed: approvedToDeclined + declinedToApproved, approvedToDeclined, declinedToApproved }
}

/** The general case: match decisions by applicant; an applicant left without a decision counts as changed. */
function byApplicant(original: JoinedDecisions, swapped: JoinedDecisions): Changes {
  // Decision per applicant row, 0/1, or 2 when the applicant got no decision.
  const before = new Uint8Array(original.applicants.rows).fill(2)
  for (let i = 0; i < original.row.length; i++) before[original.row[i]!] = original.approved[i]!
  const after = new Uint8Array(original.applicants.rows).fill(2)
  for (let i = 0; i < swapped.row.length; i++) after[swapped.row[i]!] = swapped.approved[i]!
  const c = { decided: 0, changed: 0, approvedToDeclined: 0, declinedToApproved: 0 }
  for (let r = 0; r < before.length; r++) {
    if (before[r] === 2) continue
    c.decided++
    if (before[r] === after[r]) continue
    c.changed++
    if (before[r] === 1 && after[r] === 0) c.approvedToDeclined++
    if (before[r] === 0 && after[r] === 1) c.declinedToApproved++
  }
  return c
}
