import type { CreditDecisions, RiskScores, TableData } from '@bund/sdk'
import { z } from 'zod'
import { acrossAttributes } from '../across-attributes.js'
import { NotEvaluable, defineCheck } from '../check.js'
import { applicantsOf, joinDecisionTable } from '../credit-join.js'
import { exchangePairs } from '../rerun.js'
import { rerunKey } from '../rerun-request.js'
import { idIndexOf, numeric } from '../tables.js'
import { say } from '../verdict-text.js'

/**
 * Counterfactual probe: the runtime runs the scenario again with the attribute exchanged between
 * matched pairs of applicants — both directions, proxies along (see rerun.ts) — and counts the
 * exchanged applicants whose outcome changed: a credit decision, or a risk score by more than
 * `tolerance`. A model that does not use the attribute, directly, through a proxy or by memorising
 * it, changes none; the probe looks to the scenario like any run. Figure: the share of exchanged
 * applicants whose outcome changed (an applicant left without one counts as changed); fails above
 * the threshold. No attribute: every attribute the kind declares.
 */
/** A risk score moving by less than a tenth of a percentage point of PD is no change. */
const DEFAULT_TOLERANCE = 0.001

export const counterfactualProbe = defineCheck({
  name: 'counterfactual-probe',
  description: 'Share of decisions or risk scores that change when the protected attribute is exchanged between matched pairs of applicants.',
  kinds: ['credit-decisions', 'risk-scores'],
  params: z
    .object({
      attribute: z.string().min(1).optional(),
      threshold: z.number().min(0).max(1).default(0.01),
      /** Risk scores: the largest change of a score that does not count (default 0.001; decisions change or do not). */
      tolerance: z.number().min(0).max(1).optional(),
    })
    .strict(),
  reruns: (params, attributes) => (params.attribute !== undefined ? [params.attribute] : attributes).map((attribute) => ({ kind: 'exchange-attribute', attribute })),
  evaluate(input, params) {
    const dataset = applicantsOf(input)
    const scores = input.kind === 'risk-scores'
    const outcomes = (output: unknown) => (scores ? scoresByRow(output as RiskScores, dataset.evaluation) : decisionsByRow(output as CreditDecisions, dataset.evaluation))
    const original = outcomes(input.output)
    const tolerance = scores ? (params.tolerance ?? DEFAULT_TOLERANCE) : 0
    return acrossAttributes(input, params.attribute, 'max', params.threshold, (attribute) => {
      const rerun = input.reruns?.[rerunKey({ kind: 'exchange-attribute', attribute })]
      if (rerun === undefined) throw new NotEvaluable(say('probeNotRun', { attribute }))
      if (!rerun.ok) throw new NotEvaluable(say('probeFailed', { attribute, code: rerun.error.code, error: rerun.error.message }))
      const pairs = exchangePairs(dataset.kind, dataset.evaluation, attribute)
      if (pairs.length === 0) {
        return { figure: 0, ...say('probeNoPairs', { rows: dataset.evaluation.rows, attribute }), evidence: { pairs: 0, exchanged: 0, changed: 0 } }
      }
      const c = changes(original, outcomes(rerun.output), pairs, tolerance)
      if (c.exchanged === 0) throw new NotEvaluable(scores ? say('probeNoScore', { attribute }) : say('probeNoDecision', { attribute }))
      const share = c.changed / c.exchanged
      return {
        figure: share,
        ...(scores
          ? say('probeScoresChanged', { changed: c.changed, exchanged: c.exchanged, share, attribute, pairs: pairs.length / 2, threshold: params.threshold, tolerance })
          : say('probeChanged', { changed: c.changed, exchanged: c.exchanged, share, attribute, pairs: pairs.length / 2, threshold: params.threshold })),
        evidence: { pairs: pairs.length / 2, ...(scores ? { raised: c.up, lowered: c.down } : { declinedToApproved: c.up, approvedToDeclined: c.down }), exchanged: c.exchanged, changed: c.changed, changedElsewhere: c.changedElsewhere },
      }
    })
  },
})

/** Each evaluated applicant's decision (1 approved, 0 declined), NaN when it has none. */
function decisionsByRow(decisions: CreditDecisions, applicants: TableData): Float64Array {
  const j = joinDecisionTable(decisions, applicants)
  const out = new Float64Array(applicants.rows).fill(Number.NaN)
  for (let i = 0; i < j.row.length; i++) out[j.row[i]!] = j.approved[i]!
  return out
}

/** Each evaluated applicant's risk score, NaN when it has none. */
function scoresByRow(output: RiskScores, applicants: TableData): Float64Array {
  const index = idIndexOf(applicants, 'the applicants')
  const ids = numeric(output.scores, 'id', 'u32', 'the scores')
  const score = numeric(output.scores, 'score', 'f64', 'the scores')
  const out = new Float64Array(applicants.rows).fill(Number.NaN)
  for (let i = 0; i < ids.length; i++) {
    const r = index.row(ids[i]!)
    if (r < 0) throw new NotEvaluable(say('scoreUnknownId', { score: i, id: String(ids[i]) }))
    out[r] = score[i]!
  }
  return out
}

interface Changes {
  exchanged: number
  changed: number
  /** Outcomes that rose (declined to approved; a higher score) and fell. */
  up: number
  down: number
  /** Outcomes of rows outside the pairs that changed too (a model reacting to the batch, not the row). */
  changedElsewhere: number
}

/** Outcomes per applicant row before and after; counts the changes on exchanged rows. */
function changes(before: Float64Array, after: Float64Array, pairs: Int32Array, tolerance: number): Changes {
  const inPair = new Uint8Array(before.length)
  for (let p = 0; p < pairs.length; p++) inPair[pairs[p]!] = 1
  const c: Changes = { exchanged: 0, changed: 0, up: 0, down: 0, changedElsewhere: 0 }
  for (let r = 0; r < before.length; r++) {
    const a = before[r]!
    if (Number.isNaN(a)) continue
    const b = after[r]!
    // An outcome that went missing is a change.
    const changed = Number.isNaN(b) || Math.abs(b - a) > tolerance
    if (inPair[r] === 0) {
      if (changed) c.changedElsewhere++
      continue
    }
    c.exchanged++
    if (!changed) continue
    c.changed++
    if (b > a) c.up++
    if (b < a) c.down++
  }
  return c
}
