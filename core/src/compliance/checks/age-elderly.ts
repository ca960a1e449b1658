import { z } from 'zod'
import { defineCheck } from '../check.js'
import { applicantsOf, joinDecisions } from '../credit-join.js'
import { protectedAttributesOf, proxiesOf } from '../protected.js'
import { numeric } from '../tables.js'
import { say } from '../verdict-text.js'

/** Regulation B's elderly applicant: 62 or older (12 CFR 1002.2(o)). */
const ELDERLY_AGE = 62
/** One-sided 1% critical value of the standard normal. */
const Z_ONE_SIDED_001 = -2.326

/**
 * Regulation B, 12 CFR 1002.6(b)(2): a credit system may consider age only if an elderly applicant
 * is not assigned a negative factor or value. Measured as an effect: the approval rate of applicants
 * aged 62 or over divided by that of younger applicants; fails when it is below the threshold (1:
 * not lower) and the shortfall is statistically significant (one-sided two-proportion z-test,
 * z < −2.326, α = 0.01), so a small elderly group's sampling noise alone never holds a run.
 * The age comes from the host's data (the `age` proxy of the declared `ageBand`); a kind that
 * declares no age attribute passes with no figure and says so.
 */
export const ageElderly = defineCheck({
  name: 'age-elderly',
  description: 'Approval rate of applicants aged 62 or over relative to younger applicants (Regulation B, 12 CFR 1002.6(b)(2)).',
  kinds: ['credit-decisions'],
  params: z.object({ threshold: z.number().min(0).max(2).default(1) }).strict(),
  evaluate(input, params) {
    const { kind } = applicantsOf(input)
    if (!protectedAttributesOf(kind).includes('ageBand') || !proxiesOf(kind, 'ageBand').includes('age')) {
      return { passed: true, figure: null, threshold: params.threshold, ...say('ageNotRecorded', { kind }) }
    }
    const { applicants, row, approved } = joinDecisions(input)
    const age = numeric(applicants, 'age', 'u8', 'the applicants')
    const count = [0, 0]
    const hits = [0, 0]
    for (let i = 0; i < row.length; i++) {
      const g = age[row[i]!]! >= ELDERLY_AGE ? 1 : 0
      count[g]!++
      hits[g]! += approved[i]!
    }
    if (count[1] === 0 || count[0] === 0 || hits[0] === 0) {
      // Nobody 62 or older (or no younger approval to compare with): no one was scored down.
      const why = count[1] === 0 ? say('ageNoElderly', { age: ELDERLY_AGE }) : count[0] === 0 ? say('ageAllElderly', { age: ELDERLY_AGE }) : say('ageNoYoungerApproved')
      return { passed: true, figure: null, threshold: params.threshold, ...why, evidence: { elderlyAge: ELDERLY_AGE, elderly: count[1], younger: count[0] } }
    }
    const elderly = hits[1]! / count[1]!
    const younger = hits[0]! / count[0]!
    const ratio = elderly / younger
    const pooled = (hits[0]! + hits[1]!) / (count[0]! + count[1]!)
    const se = Math.sqrt(pooled * (1 - pooled) * (1 / count[0]! + 1 / count[1]!))
    const z = se === 0 ? 0 : (elderly - younger) / se
    const passed = ratio >= params.threshold || z >= Z_ONE_SIDED_001
    return {
      passed,
      figure: ratio,
      threshold: params.threshold,
      ...say('ageRatio', { age: ELDERLY_AGE, elderlyRate: elderly, youngerRate: younger, ratio, threshold: params.threshold, z, passed }),
      evidence: { elderlyAge: ELDERLY_AGE, z, elderly: { applicants: count[1], approved: hits[1], rate: elderly }, younger: { applicants: count[0], approved: hits[0], rate: younger } },
    }
  },
})
