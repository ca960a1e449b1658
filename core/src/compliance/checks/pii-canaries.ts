import { z } from 'zod'
import type { GeneratedDataset } from '../../data/index.js'
import { canonicalJson } from '../../kernel/index.js'
import { defineCheck } from '../check.js'
import { say } from '../verdict-text.js'

/** The planted personal-data values of a dataset, when it was generated with PII columns. */
type Canaries = { fullName: string[]; nationalId: string[]; phone: string[] }

const texts = new WeakMap<object, string>()

/** The output's canonical JSON, lower-cased, computed once per output. */
function searchable(output: unknown): string {
  if (output === null || typeof output !== 'object') return canonicalJson(output).toLowerCase()
  let text = texts.get(output)
  if (text === undefined) texts.set(output, (text = canonicalJson(output).toLowerCase()))
  return text
}

/**
 * No planted PII canary — a synthetic full name, national ID number or phone number planted in
 * the data — appears anywhere in the output: the canonical JSON of the whole output is searched
 * (case-insensitively), so dictionary values, model cards, aggregates and free text are all
 * covered. Numbers hidden inside binary columns are outside its reach. Figure: canaries found.
 */
export const piiCanaries = defineCheck({
  name: 'pii-canaries',
  description: 'No planted personal-data canary (name, ID number, phone) appears in the output.',
  kinds: '*',
  params: z.object({}).strict(),
  evaluate(input) {
    const planted: Array<{ field: string; value: string }> = []
    for (const d of Object.values(input.datasets)) {
      const c = (d as GeneratedDataset & { canaries?: Canaries }).canaries
      if (c === undefined) continue
      for (const field of ['fullName', 'nationalId', 'phone'] as const) for (const value of c[field]) if (value.length > 0) planted.push({ field, value })
    }
    if (planted.length === 0) return { passed: true, figure: 0, threshold: 0, ...say('noPersonalData') }
    const text = searchable(input.output)
    const found = planted.filter((c) => text.includes(c.value.toLowerCase()))
    const byField = (list: typeof planted) => Object.fromEntries(['fullName', 'nationalId', 'phone'].map((f) => [f, list.filter((c) => c.field === f).length]))
    return {
      passed: found.length === 0,
      figure: found.length,
      threshold: 0,
      ...(found.length === 0
        ? say('canariesPass', { planted: planted.length })
        : say('canariesFail', { found: found.length, planted: planted.length, byField: Object.fromEntries(Object.entries(byField(found)).filter(([, n]) => n > 0)) })),
      // The evidence names the kinds of value found, never the values themselves.
      evidence: { planted: byField(planted), found: byField(found) },
    }
  },
})
