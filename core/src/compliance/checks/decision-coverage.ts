import { z } from 'zod'
import { defineCheck } from '../check.js'
import { applicantsOf, joinDecisions } from '../credit-join.js'
import { say } from '../verdict-text.js'

/** Every evaluated applicant gets exactly one decision. */
export const decisionCoverage = defineCheck({
  name: 'decision-coverage',
  description: 'Every applicant in the evaluation partition receives exactly one decision.',
  kinds: ['credit-decisions'],
  params: z.object({}).strict(),
  evaluate(input) {
    const applicants = applicantsOf(input).evaluation.rows
    const { row } = joinDecisions(input)
    const seen = new Uint8Array(applicants)
    let duplicates = 0
    for (let i = 0; i < row.length; i++) {
      if (seen[row[i]!] === 1) duplicates++
      seen[row[i]!] = 1
    }
    let missing = 0
    for (let i = 0; i < applicants; i++) if (seen[i] === 0) missing++
    const passed = missing === 0 && duplicates === 0
    return {
      passed,
      figure: (applicants - missing) / applicants,
      threshold: 1,
      ...(passed ? say('coveragePass', { applicants }) : say('coverageFail', { missing, applicants, duplicates })),
      evidence: { applicants, decisions: row.length, missing, duplicates },
    }
  },
})
