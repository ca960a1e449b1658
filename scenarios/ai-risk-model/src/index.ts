import { type PublishedAggregate, defineScenario, riskScores, rowRanges, withJsonSchema } from '@bund/sdk'
import { en } from 'zod/locales'
import * as z from 'zod/mini'
import { fitLogistic, logisticLogOdds } from './baseline.js'
import { FEATURE_NAMES, features } from './features.js'
import { fitBooster, logLoss, predict } from './gbt.js'
import { auc } from './metrics.js'

// zod/mini: a small bundle that starts fast in every fresh isolate; messages from its English locale.
z.config(en())

/** Risk grades published as an aggregate of the evaluation scores: upper PD bound of each grade. */
const GRADES = [
  { grade: 'A', below: 0.05 },
  { grade: 'B', below: 0.1 },
  { grade: 'C', below: 0.2 },
  { grade: 'D', below: 0.35 },
  { grade: 'E', below: Number.POSITIVE_INFINITY },
] as const

/** Cells counting fewer records are suppressed before publication (the privacy pack's k). */
const MIN_CELL = 10

const logit = (p: number) => Math.log(p / (1 - p))
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z))

export default defineScenario({
  id: 'bund/ai-risk-model',
  version: '1.0.0',
  title: 'AI credit-risk model (boosted trees on a logistic base)',
  description:
    'Gradient-boosted decision trees, boosted from a logistic model’s log-odds, trained inside the sandbox on the training partition of credit applicants, early-stopped on a held-out fifth of it and benchmarked against the logistic model alone, then scored blind on the evaluation partition, whose default labels stay with the host. Ships its model card.',
  category: 'risk',
  datasets: { applicants: { kind: 'credit-applicants', rows: 10_000, trainingRows: 10_000 } },
  result: 'risk-scores',
  params: withJsonSchema(
    z.object({
      /** Depth of each tree: 1 gives an additive model, deeper trees learn interactions. */
      depth: z._default(z.int().check(z.gte(1), z.lte(6)), 3),
      /** Most boosting rounds; early stopping usually ends sooner. */
      rounds: z._default(z.int().check(z.gte(1), z.lte(1000)), 300),
      learningRate: z._default(z.number().check(z.gte(0.01), z.lte(1)), 0.08),
    }),
    z.toJSONSchema,
  ),
  run(ctx) {
    const train = ctx.training.applicants
    const label = ctx.training.applicants.column('defaulted')
    const applicants = ctx.data.applicants
    // The last fifth of the training rows (drawn independently of their order) is held out to
    // choose the number of rounds and to validate.
    const cut = Math.floor(train.rows * 0.8)
    const fitRows = Int32Array.from({ length: cut }, (_, i) => i)
    const validRows = Int32Array.from({ length: train.rows - cut }, (_, i) => cut + i)
    const x = features(train)

    ctx.progress(0, 'training')
    // The logistic model is the base margin; the trees learn what it misses.
    const logistic = fitLogistic(x, label, fitRows)
    const margin = logisticLogOdds(logistic, x)
    const booster = fitBooster(x, label, fitRows, validRows, { depth: ctx.params.depth, rounds: ctx.params.rounds, learningRate: ctx.params.learningRate, seed: ctx.seed }, margin)
    const trainingScores = predict(booster, x, margin)
    const challenger = margin.map(sigmoid)
    const validation = {
      gbt: { auc: auc(trainingScores, label, validRows), logLoss: logLoss(trainingScores.map(logit), label, validRows) },
      logistic: { auc: auc(challenger, label, validRows), logLoss: logLoss(margin, label, validRows) },
    }
    ctx.log.info(
      `${booster.trees.length} trees of depth ≤ ${ctx.params.depth} on the logistic base; validation AUC ${validation.gbt.auc.toFixed(3)} (logistic challenger ${validation.logistic.auc.toFixed(3)}) on ${validRows.length} held-out rows`,
    )

    ctx.progress(0.7, 'scoring')
    const evaluation = features(applicants)
    const scores = predict(booster, evaluation, logisticLogOdds(logistic, evaluation))
    const out = riskScores(applicants.rows, train.rows)
    const ids = applicants.column('id')
    for (let i = 0; i < applicants.rows; i++) out.scores.set(i, ids[i]!, scores[i]!)
    const trainIds = train.column('id')
    for (let i = 0; i < train.rows; i++) out.training.set(i, trainIds[i]!, trainingScores[i]!)

    const totalGain = booster.importance.reduce((a, b) => a + b, 0) || 1
    const importance = FEATURE_NAMES.map((name, f) => ({ name, share: booster.importance[f]! / totalGain })).sort((a, b) => b.share - a.share)
    const result = out.build({
      name: 'boosted-tree credit-risk model',
      method: `logistic regression (Newton's method) as the base margin, then gradient-boosted decision trees on its residual (log-loss, Newton steps, depth ${ctx.params.depth}, learning rate ${ctx.params.learningRate}, half the rows a tree, 32 quantile bins, L2 1, at least 40 rows a leaf), ${booster.trees.length} rounds chosen by early stopping on ${validRows.length} held-out training rows; validation AUC ${validation.gbt.auc.toFixed(3)} against ${validation.logistic.auc.toFixed(3)} for a logistic challenger; split-gain importance: ${importance
        .slice(0, 4)
        .map((f) => `${f.name} ${(f.share * 100).toFixed(0)}%`)
        .join(', ')}`,
      features: [...FEATURE_NAMES],
      intendedUse: 'estimating the 12-month probability of default of consumer-credit applicants, for pricing and for provisioning; not for automated declines without review',
      limitations:
        'trained on synthetic data from one period; no reject inference; the inputs carry no behavioural or bureau data beyond delinquencies; income differs by region, so scores do too even though region is not an input',
    })
    result.aggregates = [gradeAggregate(scores), validationAggregate(validation, validRows), importanceAggregate(importance, fitRows)]
    ctx.progress(1, 'done')
    return result
  },
})

/** How many evaluated applicants fall into each risk grade, with their mean PD. */
function gradeAggregate(scores: Float64Array): PublishedAggregate {
  const members: number[][] = GRADES.map(() => [])
  const sum = new Float64Array(GRADES.length)
  scores.forEach((p, row) => {
    const g = GRADES.findIndex((grade) => p < grade.below)
    members[g]!.push(row)
    sum[g]! += p
  })
  return {
    name: 'risk grades (evaluation partition)',
    groupBy: ['grade'],
    over: { dataset: 'applicants', partition: 'evaluation' },
    // The mean of the cell's scores in the result: the host recomputes it.
    measures: { meanPd: { stat: 'mean', result: 'score' } },
    cells: GRADES.map((g, i) => ({ group: [g.grade], count: members[i]!.length, rows: rowRanges(members[i]!), values: { meanPd: members[i]!.length === 0 ? 0 : sum[i]! / members[i]!.length } })).filter(
      (c) => c.count >= MIN_CELL,
    ),
  }
}

/**
 * The champion and its challenger on the held-out training rows: model-level figures of the
 * scenario's own fit, which the host cannot recompute, so reported rather than cell values.
 */
function validationAggregate(v: Record<'gbt' | 'logistic', { auc: number; logLoss: number }>, rows: Int32Array): PublishedAggregate {
  // Each cell its own ranges: the host refuses an output that shares one array between two places.
  return {
    name: 'validation on held-out training rows',
    groupBy: ['model'],
    over: { dataset: 'applicants', partition: 'training' },
    cells: [
      { group: ['boosted trees on the logistic base'], count: rows.length, rows: rowRanges(rows), reported: v.gbt },
      { group: ['logistic challenger'], count: rows.length, rows: rowRanges(rows), reported: v.logistic },
    ],
  }
}

/** Each input's share of the total split gain, over the rows the trees were fitted on (reported: a figure of the model, not of the rows). */
function importanceAggregate(importance: Array<{ name: string; share: number }>, rows: Int32Array): PublishedAggregate {
  return {
    name: 'feature importance (split gain)',
    groupBy: ['feature'],
    over: { dataset: 'applicants', partition: 'training' },
    cells: importance.map((f) => ({ group: [f.name], count: rows.length, rows: rowRanges(rows), reported: { gainShare: f.share } })),
  }
}
