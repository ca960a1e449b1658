/**
 * Group fairness of risk scores, across every protected attribute the data kind declares:
 * - `score-parity`: highest minus lowest group mean score (demographic parity of scores);
 * - `score-equal-opportunity`: among applicants who did not default, the share scored below the
 *   decision cut-off (would be approved), highest minus lowest group (Hardt, Price & Srebro 2016);
 * - `score-group-calibration`: the largest |mean score − observed default rate| of any group
 *   (calibration within groups, Kleinberg, Mullainathan & Raghavan 2017; calibration-in-the-large
 *   per group, as in BCBS WP 14's per-segment back-testing).
 */
import type { DictCodes } from '@bund/sdk'
import { z } from 'zod'
import { acrossAttributes } from '../across-attributes.js'
import { NotEvaluable, defineCheck } from '../check.js'
import type { CheckInput } from '../check.js'
import { joinScores } from '../risk-join.js'
import { categorical } from '../tables.js'
import { say } from '../verdict-text.js'

interface GroupStats {
  rows: number
  meanScore: number
  defaultRate: number
  repaid: number
  repaidBelowCutoff: number
}

/** Per group of an attribute: rows, mean score, default rate, and repaid rows scored below `cutoff`. */
function groupStats(input: CheckInput, attribute: string, cutoff: number): Record<string, GroupStats> {
  const j = joinScores(input)
  let codes: DictCodes
  let dictionary: readonly string[]
  try {
    ;({ codes, dictionary } = categorical(j.dataset.evaluation, attribute, 'the scored rows'))
  } catch {
    throw new NotEvaluable(say('scoredNoAttribute', { attribute }))
  }
  const k = dictionary.length
  const n = new Float64Array(k)
  const sum = new Float64Array(k)
  const defaults = new Float64Array(k)
  const repaid = new Float64Array(k)
  const below = new Float64Array(k)
  for (let r = 0; r < j.score.length; r++) {
    const g = codes[r]!
    n[g]!++
    sum[g]! += j.score[r]!
    if (j.label[r] === 1) defaults[g]!++
    else {
      repaid[g]!++
      if (j.score[r]! < cutoff) below[g]!++
    }
  }
  const out: Record<string, GroupStats> = {}
  for (let g = 0; g < k; g++) {
    if (n[g] === 0) continue
    out[dictionary[g]!] = { rows: n[g]!, meanScore: sum[g]! / n[g]!, defaultRate: defaults[g]! / n[g]!, repaid: repaid[g]!, repaidBelowCutoff: below[g]! }
  }
  if (Object.keys(out).length < 2) throw new NotEvaluable(say('fewerThanTwoScoredGroups', { attribute }))
  return out
}

/** Largest minus smallest of a per-group value, with the groups that give them. */
function spread(groups: Record<string, GroupStats>, value: (s: GroupStats) => number | undefined) {
  let lo = { group: '', v: Number.POSITIVE_INFINITY }
  let hi = { group: '', v: Number.NEGATIVE_INFINITY }
  for (const [group, s] of Object.entries(groups)) {
    const v = value(s)
    if (v === undefined) continue
    if (v < lo.v) lo = { group, v }
    if (v > hi.v) hi = { group, v }
  }
  return { lo, hi, difference: hi.v - lo.v }
}

const attributeParam = { attribute: z.string().min(1).optional() }

export const scoreParity = defineCheck({
  name: 'score-parity',
  description: 'Highest minus lowest group mean risk score, across every protected attribute.',
  kinds: ['risk-scores'],
  params: z.object({ ...attributeParam, threshold: z.number().min(0).max(1).default(0.05) }).strict(),
  evaluate(input, params) {
    return acrossAttributes(input, params.attribute, 'max', params.threshold, (attribute) => {
      const groups = groupStats(input, attribute, 0.5)
      const { lo, hi, difference } = spread(groups, (s) => s.meanScore)
      return {
        figure: difference,
        ...say('meanScoreDifference', { attribute, difference, threshold: params.threshold, highGroup: hi.group, high: hi.v, lowGroup: lo.group, low: lo.v }),
        evidence: { groups: Object.fromEntries(Object.entries(groups).map(([g, s]) => [g, { rows: s.rows, meanScore: s.meanScore, defaultRate: s.defaultRate }])) },
      }
    })
  },
})

export const scoreEqualOpportunity = defineCheck({
  name: 'score-equal-opportunity',
  description: 'Highest minus lowest share of repaying applicants scored below the decision cut-off, across every protected attribute.',
  kinds: ['risk-scores'],
  params: z.object({ ...attributeParam, cutoff: z.number().gt(0).lt(1).default(0.3), threshold: z.number().min(0).max(1).default(0.1) }).strict(),
  evaluate(input, params) {
    return acrossAttributes(input, params.attribute, 'max', params.threshold, (attribute) => {
      const groups = groupStats(input, attribute, params.cutoff)
      const { lo, hi, difference } = spread(groups, (s) => (s.repaid === 0 ? undefined : s.repaidBelowCutoff / s.repaid))
      return {
        figure: difference,
        ...say('repaidBelowCutoff', { cutoff: params.cutoff, attribute, highGroup: hi.group, high: hi.v, lowGroup: lo.group, low: lo.v, difference, threshold: params.threshold }),
        evidence: { cutoff: params.cutoff, groups: Object.fromEntries(Object.entries(groups).map(([g, s]) => [g, { repaid: s.repaid, belowCutoff: s.repaidBelowCutoff, rate: s.repaid === 0 ? null : s.repaidBelowCutoff / s.repaid }])) },
      }
    })
  },
})

export const scoreGroupCalibration = defineCheck({
  name: 'score-group-calibration',
  description: 'Largest gap between a group’s mean score and its observed default rate, across every protected attribute.',
  kinds: ['risk-scores'],
  params: z.object({ ...attributeParam, threshold: z.number().min(0).max(1).default(0.03) }).strict(),
  evaluate(input, params) {
    return acrossAttributes(input, params.attribute, 'max', params.threshold, (attribute) => {
      const groups = groupStats(input, attribute, 0.5)
      let worst = { group: '', gap: -1, s: undefined as GroupStats | undefined }
      for (const [group, s] of Object.entries(groups)) {
        const gap = Math.abs(s.meanScore - s.defaultRate)
        if (gap > worst.gap) worst = { group, gap, s }
      }
      const s = worst.s!
      return {
        figure: worst.gap,
        ...say('calibrationGap', { attribute, group: worst.group, meanScore: s.meanScore, defaultRate: s.defaultRate, gap: worst.gap, threshold: params.threshold }),
        evidence: { groups: Object.fromEntries(Object.entries(groups).map(([g, x]) => [g, { rows: x.rows, meanScore: x.meanScore, defaultRate: x.defaultRate, gap: x.meanScore - x.defaultRate }])) },
      }
    })
  },
})
