import { z } from 'zod'
import { defineCheck } from '../check.js'
import { protectedColumnsOf } from '../protected.js'
import { say } from '../verdict-text.js'

/**
 * Protected reads: the runtime records which columns of which datasets the scenario read (the
 * `Table` accessors are its only way to the values); a decision or score may not read a protected
 * attribute or a column the data kind declares as its proxy, in any partition. Figure: the number
 * of such columns read (main run and probes together).
 */
export const protectedReads = defineCheck({
  name: 'protected-reads',
  description: 'Protected attributes and their declared proxies the scenario read, from the runtime read-set.',
  kinds: ['credit-decisions', 'risk-scores'],
  params: z.object({}).strict(),
  evaluate(input) {
    const reads = input.reads ?? {}
    const found: Array<{ dataset: string; column: string; reveals: readonly string[] }> = []
    for (const [name, dataset] of Object.entries(input.datasets)) {
      const sensitive = protectedColumnsOf(dataset.kind)
      for (const column of reads[name] ?? []) {
        const reveals = Object.hasOwn(sensitive, column) ? sensitive[column] : undefined
        if (reveals !== undefined) found.push({ dataset: name, column, reveals })
      }
    }
    const named = found.map((f) => ({ column: `${f.dataset}.${f.column}`, reveals: f.reveals.length === 1 && f.reveals[0] === f.column ? [] : [...f.reveals] }))
    return {
      passed: found.length === 0,
      figure: found.length,
      threshold: 0,
      ...(found.length === 0 ? say('protectedReadsNone') : say('protectedReadsFound', { reads: named })),
      evidence: { read: reads, protected: found.map((f) => ({ dataset: f.dataset, column: f.column, reveals: f.reveals })) },
    }
  },
})
