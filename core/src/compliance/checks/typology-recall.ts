import { z } from 'zod'
import { NotEvaluable, defineCheck } from '../check.js'
import { joinAlerts } from '../aml-join.js'
import { say } from '../verdict-text.js'

/**
 * Recall per planted typology: for each typology, the share of its transactions some alert names.
 * The figure is the lowest recall among the typologies asked for ("all" = every planted one).
 */
export const typologyRecall = defineCheck({
  name: 'typology-recall',
  description: 'Lowest share of planted transactions alerted, across the named laundering typologies.',
  kinds: ['aml-alerts'],
  params: z
    .object({ typologies: z.union([z.literal('all'), z.array(z.string().min(1)).min(1)]).default('all'), threshold: z.number().min(0).max(1).default(0.5) })
    .strict(),
  evaluate(input, params) {
    const j = joinAlerts(input)
    const { codes, dictionary } = j.typology
    const planted = new Float64Array(dictionary.length)
    const caught = new Float64Array(dictionary.length)
    for (let r = 0; r < j.rows; r++) {
      if (j.laundering[r] !== 1) continue
      planted[codes[r]!]!++
      caught[codes[r]!]! += j.flagged[r]!
    }
    const present = dictionary.filter((_, t) => planted[t]! > 0)
    const wanted = params.typologies === 'all' ? present : params.typologies
    const missing = wanted.filter((t) => !present.includes(t))
    if (missing.length > 0) throw new NotEvaluable(say('typologiesMissing', { typologies: missing }))
    if (wanted.length === 0) throw new NotEvaluable(say('noTypologies'))
    const recall: Record<string, { planted: number; alerted: number; recall: number }> = {}
    let lowest = { typology: '', recall: Number.POSITIVE_INFINITY }
    for (const t of present) {
      const code = dictionary.indexOf(t)
      const r = caught[code]! / planted[code]!
      recall[t] = { planted: planted[code]!, alerted: caught[code]!, recall: r }
      if (wanted.includes(t) && r < lowest.recall) lowest = { typology: t, recall: r }
    }
    const passed = lowest.recall >= params.threshold
    return {
      passed,
      figure: lowest.recall,
      threshold: params.threshold,
      ...say('typologyRecall', { typologies: wanted, lowest: lowest.typology, recall: lowest.recall, alerted: recall[lowest.typology]!.alerted, planted: recall[lowest.typology]!.planted, threshold: params.threshold }),
      evidence: { typologies: recall },
    }
  },
})
