import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS, escaped, held } from '../../_shared/hostile.js'

/** Hostile: Looking for another tenant's data: other datasets, hidden labels, bytes beyond the columns. */
const scenario = defineScenario({
  id: 'hostile/tenant-snoop',
  version: '1.0.0',
  title: "Hostile: Looking for another tenant's data: other datasets, hidden labels, bytes beyond the columns",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    const problems: string[] = []
    const names = Object.keys(ctx.data)
    if (names.join() !== 'applicants') problems.push(`datasets ${names.join()}`)
    const a = ctx.data['applicants']!
    if ((a.names as readonly string[]).includes('defaulted') || a.has('defaulted')) problems.push('the hidden default label is visible')
    for (const name of a.names) {
      const col = a.column(name as 'id') as unknown as { buffer?: ArrayBuffer; byteLength?: number; codes?: { buffer: ArrayBuffer; byteLength: number } }
      const view = col.codes ?? col
      if (view.buffer !== undefined && view.buffer.byteLength !== view.byteLength) problems.push(`column ${name} sits in a larger buffer`)
    }
    if (Object.keys(ctx.training).some((n) => n !== 'applicants')) problems.push('other training sets')
    if (problems.length > 0) return escaped(ctx, problems.join('; '))
    held(`saw only its own ${a.rows} rows`)
  },
})
export default scenario
