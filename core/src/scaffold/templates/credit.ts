/**
 * A credit-decisions scenario: a transparent points scorecard that approves or declines every
 * applicant and states the principal reasons for each decline.
 *
 * Bund checks the decisions for fair lending before anything is published: approval rates across
 * gender and region must stay within four fifths of each other, and every decline needs at least
 * one adverse-action reason. The scorecard therefore uses no protected attribute (gender, region,
 * age band) and scores income relative to the amount asked for, not in absolute terms.
 */
import { type ReasonCode, creditDecisions, defineScenario, withJsonSchema } from '@bund/sdk'
import { en } from 'zod/locales'
import * as z from 'zod/mini'

// zod/mini: a small bundle that starts fast in every fresh isolate; messages from its English locale.
z.config(en())

/** One factor of the scorecard: its points for row i (higher is riskier) and the reason it gives. */
interface Factor {
  reason: ReasonCode
  points(i: number): number
}

export default defineScenario({
  id: 'template-org/credit-template',
  version: '0.1.0',
  title: 'Credit scorecard',
  description: 'A points scorecard on debt, repayment history and affordability, with adverse-action reasons on every decline.',
  category: 'credit',
  datasets: { applicants: { kind: 'credit-applicants', rows: 5_000 } },
  result: 'credit-decisions',
  // Run parameters: validated inside the sandbox, exported to the manifest as JSON Schema.
  params: withJsonSchema(
    z.object({
      /** Decline applicants with more risk points than this. */
      maxPoints: z._default(z.number().check(z.gte(0), z.lte(100)), 45),
    }),
    z.toJSONSchema,
  ),
  limits: { wallMs: 10_000 },
  run(ctx) {
    const a = ctx.data.applicants
    const dti = a.column('debtToIncome')
    const delinquencies = a.column('delinquencies')
    const history = a.column('creditHistoryMonths')
    const employment = a.column('employmentYears')
    const loans = a.column('existingLoans')
    const amount = a.column('requestedAmount')
    const income = a.column('income')
    const ids = a.column('id')

    const factors: Factor[] = [
      { reason: 'DEBT_TO_INCOME_HIGH', points: (i) => Math.max(0, dti[i]! - 0.3) * 60 },
      { reason: 'DELINQUENCY', points: (i) => delinquencies[i]! * 12 },
      { reason: 'CREDIT_HISTORY_SHORT', points: (i) => Math.max(0, 36 - history[i]!) / 3 },
      { reason: 'EMPLOYMENT_SHORT', points: (i) => Math.max(0, 2 - employment[i]!) * 3 },
      { reason: 'TOO_MANY_OBLIGATIONS', points: (i) => Math.max(0, loans[i]! - 2) * 4 },
      { reason: 'AMOUNT_TOO_HIGH', points: (i) => Math.max(0, amount[i]! / income[i]! - 0.5) * 30 },
    ]

    const out = creditDecisions(a.rows)
    let approvedCount = 0
    for (let i = 0; i < a.rows; i++) {
      const points = factors.map((f) => ({ reason: f.reason, points: f.points(i) }))
      const total = points.reduce((sum, p) => sum + p.points, 0)
      const approved = total <= ctx.params.maxPoints
      if (approved) approvedCount++
      // The principal reasons of a decline: the factors that cost the most points, up to four
      // (a decline has at least one, since its points are above a non-negative cut-off).
      const reasons = approved
        ? []
        : points
            .filter((p) => p.points > 0)
            .sort((x, y) => y.points - x.points)
            .slice(0, 4)
            .map((p) => p.reason)
      out.set(i, {
        applicantId: ids[i]!,
        approved,
        score: total / 100,
        apr: approved ? 0.045 + total / 1000 : Number.NaN,
        reasons,
      })
      if (i % 1000 === 0) ctx.progress(i / a.rows, 'scoring')
    }
    ctx.log.info(`approved ${approvedCount} of ${a.rows} applicants at ${ctx.params.maxPoints} points`)
    return out.build({
      name: 'points scorecard',
      method: 'additive risk points on six factors, one cut-off',
      features: ['debtToIncome', 'delinquencies', 'creditHistoryMonths', 'employmentYears', 'existingLoans', 'requestedAmount / income'],
      intendedUse: 'demonstration of consumer-credit decisions under fair-lending checks',
      limitations: 'hand-set points, not fitted to outcomes; synthetic data only',
    })
  },
})
