import { RESULT_SCHEMAS } from '@bund/sdk/schemas'
import { z } from 'zod'
import { formatIssues } from '../../manifest/load.js'
import { defineCheck } from '../check.js'
import { say } from '../verdict-text.js'

/** The output matches its result kind's schema. */
export const outputSchema = defineCheck({
  name: 'output-schema',
  description: "The output matches the zod schema of the scenario's result kind.",
  kinds: '*',
  params: z.object({}).strict(),
  evaluate(input) {
    const parsed = RESULT_SCHEMAS[input.kind].safeParse(input.output)
    if (parsed.success) return { passed: true, figure: 0, threshold: 0, ...say('outputValid', { kind: input.kind }) }
    return {
      passed: false,
      figure: parsed.error.issues.length,
      threshold: 0,
      ...say('outputInvalid', { kind: input.kind, issues: formatIssues(parsed.error).slice(0, 2000) }),
      evidence: { issues: parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.map(String), message: i.message })) },
    }
  },
})
