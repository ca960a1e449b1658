import { CREDIT_APPLICANTS, type Table, creditDecisions, defineScenario, withJsonSchema } from '@bund/sdk'
import { en } from 'zod/locales'
import * as z from 'zod/mini'
import { type Feature, fit, score, topReasons } from './model.js'

/** The inputs of the scorecard. Protected attributes (gender, region, age band, age) are not among them. */
function features(t: Table<typeof CREDIT_APPLICANTS>): Feature[] {
  const income = t.column('income')
  const dti = t.column('debtToIncome')
  const delinquencies = t.column('delinquencies')
  const history = t.column('creditHistoryMonths')
  const employment = t.column('employmentYears')
  const loans = t.column('existingLoans')
  const amount = t.column('requestedAmount')
  return [
    { name: 'log income', reason: 'INCOME_INSUFFICIENT', value: (i) => -Math.log(income[i]!) },
    { name: 'debt-to-income', reason: 'DEBT_TO_INCOME_HIGH', value: (i) => dti[i]! },
    { name: 'delinquencies', reason: 'DELINQUENCY', value: (i) => delinquencies[i]! },
    { name: 'credit history (years)', reason: 'CREDIT_HISTORY_SHORT', value: (i) => -history[i]! / 12 },
    { name: 'employment (years)', reason: 'EMPLOYMENT_SHORT', value: (i) => -employment[i]! },
    { name: 'existing loans', reason: 'TOO_MANY_OBLIGATIONS', value: (i) => loans[i]! },
    { name: 'amount to income', reason: 'AMOUNT_TOO_HIGH', value: (i) => amount[i]! / income[i]! },
  ]
}

// zod/mini: a small bundle that starts fast in every fresh isolate; messages from its English locale.
z.config(en())

/** The one-year Loan Prime Rate the pricing starts from. */
const LPR_1Y = 0.03

export default defineScenario({
  id: 'bund/credit-scoring',
  version: '1.0.0',
  title: 'Consumer credit scorecard',
  description:
    'A logistic scorecard trained inside the sandbox on the training partition, approving applicants whose estimated probability of default is below a cut-off, pricing by risk, and stating the principal reasons for every decline.',
  category: 'credit',
  datasets: { applicants: { kind: 'credit-applicants', rows: 10_000, trainingRows: 5_000 } },
  result: 'credit-decisions',
  params: withJsonSchema(
    z.object({
      /** Approve applicants whose estimated probability of default is below this. */
      cutoff: z._default(z.number().check(z.gte(0.01), z.lte(0.99)), 0.45),
    }),
    z.toJSONSchema,
  ),
  run(ctx) {
    const train = ctx.training.applicants
    const applicants = ctx.data.applicants
    const { cutoff } = ctx.params
    ctx.progress(0, 'training')
    const card = fit(features(train), train.rows, train.column('defaulted'))
    ctx.log.info(`trained on ${train.rows} applicants; bias ${card.bias.toFixed(3)}`)
    ctx.progress(0.5, 'scoring')
    const { pd, contributions } = score(card, features(applicants), applicants.rows)
    const out = creditDecisions(applicants.rows)
    const ids = applicants.column('id')
    let approvedCount = 0
    for (let i = 0; i < applicants.rows; i++) {
      const p = pd[i]!
      const approved = p < cutoff
      if (approved) approvedCount++
      out.set(i, {
        applicantId: ids[i]!,
        approved,
        score: p,
        // Risk-based pricing, capped at four times the one-year LPR (the protected-interest ceiling).
        apr: approved ? Math.min(LPR_1Y + 0.015 + 0.2 * p, 4 * LPR_1Y) : Number.NaN,
        reasons: approved ? [] : topReasons(card, contributions, i, 4).slice(0, 4),
      })
    }
    ctx.log.info(`approved ${approvedCount} of ${applicants.rows} at PD cut-off ${cutoff}`)
    ctx.progress(1, 'done')
    return out.build({
      name: 'logistic scorecard',
      method: 'logistic regression, batch gradient descent, L2 1e-3, standardised inputs',
      features: card.features,
      intendedUse: 'demonstration of consumer-credit decisions under fair-lending checks',
      limitations: 'trained on synthetic data; no reject inference; a single cut-off for all applicants',
    })
  },
})
