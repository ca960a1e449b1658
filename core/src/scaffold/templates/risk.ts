/**
 * A risk-scores scenario: a logistic model of the probability of default, fitted inside the
 * sandbox on the labelled training partition, then used to score every applicant of the evaluation
 * partition (whose labels Bund keeps back).
 *
 * Bund validates the model blind, on the hidden labels: its discrimination (AUC, KS), calibration
 * (Brier score, expected calibration error), the stability of its score distribution between
 * training and evaluation (PSI), and a model card that names no protected attribute as a feature.
 */
import { defineScenario, riskScores, withJsonSchema } from '@bund/sdk'
import { en } from 'zod/locales'
import * as z from 'zod/mini'

// zod/mini: a small bundle that starts fast in every fresh isolate; messages from its English locale.
z.config(en())

/** The model's inputs, by column; protected attributes (gender, region, age band) are not among them. */
const FEATURES = ['income', 'debtToIncome', 'delinquencies', 'creditHistoryMonths', 'employmentYears', 'existingLoans', 'requestedAmount'] as const

type Feature = (typeof FEATURES)[number]

/** One column per feature (given a way to read a column), log-scaling the money amounts. */
function featureMatrix(column: (name: Feature) => ArrayLike<number>): Float64Array[] {
  return FEATURES.map((name) => {
    const money = name === 'income' || name === 'requestedAmount'
    return Float64Array.from(column(name), (v) => (money ? Math.log(v) : v))
  })
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z))

export default defineScenario({
  id: 'template-org/risk-template',
  version: '0.1.0',
  title: 'Probability-of-default model',
  description: 'Logistic regression on seven financial features, fitted by gradient descent on the training partition.',
  category: 'risk',
  datasets: { applicants: { kind: 'credit-applicants', rows: 5_000, trainingRows: 5_000 } },
  result: 'risk-scores',
  params: withJsonSchema(
    z.object({
      /** Gradient-descent passes over the training data. */
      epochs: z._default(z.int().check(z.gte(1), z.lte(2_000)), 200),
      learningRate: z._default(z.number().check(z.positive(), z.lte(10)), 0.5),
    }),
    z.toJSONSchema,
  ),
  run(ctx) {
    const train = ctx.training.applicants
    const test = ctx.data.applicants
    const x = featureMatrix((name) => train.column(name))
    const y = train.column('defaulted')

    // Standardise each feature with the training mean and spread, so one learning rate suits all.
    const mean = x.map((col) => col.reduce((s, v) => s + v, 0) / col.length)
    const sd = x.map((col, f) => Math.sqrt(col.reduce((s, v) => s + (v - mean[f]!) ** 2, 0) / col.length) || 1)
    const standardise = (cols: Float64Array[]) => cols.map((col, f) => col.map((v) => (v - mean[f]!) / sd[f]!))
    const xs = standardise(x)

    // Batch gradient descent on the log loss.
    const w = new Float64Array(FEATURES.length)
    let bias = 0
    const n = train.rows
    for (let epoch = 0; epoch < ctx.params.epochs; epoch++) {
      const grad = new Float64Array(FEATURES.length)
      let gradBias = 0
      for (let i = 0; i < n; i++) {
        let z = bias
        for (let f = 0; f < w.length; f++) z += w[f]! * xs[f]![i]!
        const error = sigmoid(z) - y[i]!
        for (let f = 0; f < w.length; f++) grad[f]! += error * xs[f]![i]!
        gradBias += error
      }
      for (let f = 0; f < w.length; f++) w[f]! -= (ctx.params.learningRate * grad[f]!) / n
      bias -= (ctx.params.learningRate * gradBias) / n
      if (epoch % 20 === 0) ctx.progress(epoch / ctx.params.epochs, 'fitting')
    }
    ctx.log.info(`fitted weights: ${FEATURES.map((f, i) => `${f} ${w[i]!.toFixed(3)}`).join(', ')}`)

    const score = (cols: Float64Array[], i: number) => {
      let z = bias
      for (let f = 0; f < w.length; f++) z += w[f]! * cols[f]![i]!
      return sigmoid(z)
    }
    const xt = standardise(featureMatrix((name) => test.column(name)))
    const out = riskScores(test.rows, train.rows)
    const testIds = test.column('id')
    const trainIds = train.column('id')
    for (let i = 0; i < test.rows; i++) out.scores.set(i, testIds[i]!, score(xt, i))
    for (let i = 0; i < train.rows; i++) out.training.set(i, trainIds[i]!, score(xs, i))
    return out.build({
      name: 'logistic probability-of-default model',
      method: `logistic regression, batch gradient descent, ${ctx.params.epochs} epochs, standardised inputs`,
      features: [...FEATURES],
      intendedUse: 'estimating the probability of default of consumer-credit applicants, for demonstration',
      limitations: 'fitted on synthetic data; linear in its inputs; no reject inference',
    })
  },
})
