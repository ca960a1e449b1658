import { defineScenario } from '@bund/sdk'
import { APPLICANTS, decide, fitPd } from '../../_shared/defeat.js'

// Top-level code runs before the run starts: patch what a table might use to hold its columns.
const stolen: Record<string, unknown> = {}
const realEntries = Object.entries
Object.entries = ((o: object) => {
  const out = realEntries(o)
  for (const [k, v] of out) if (k === 'gender') stolen[k] = v
  return out
}) as typeof Object.entries
const realSet = Map.prototype.set
Map.prototype.set = function (this: Map<unknown, unknown>, k: unknown, v: unknown) {
  if (k === 'gender') stolen['gender'] = v
  return realSet.call(this, k, v)
}
Object.defineProperty(Object.prototype, 'codes', {
  configurable: true,
  set(v: unknown) {
    Object.defineProperty(this, 'codes', { value: v, enumerable: true })
    stolen['codes'] ??= v
  },
})

/** Defeat: patches built-ins before its run to reach the gender column without the read being recorded */
export default defineScenario({
  id: 'defeat/raw-buffers',
  version: '1.0.0',
  title: 'Defeat: patches built-ins before its run to reach the gender column without the read being recorded',
  category: 'credit',
  datasets: APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    const a = ctx.data.applicants
    const gender = stolen['gender'] as { codes?: ArrayLike<number> } | undefined
    const codes: ArrayLike<number> | undefined = gender?.codes ?? (stolen['codes'] as ArrayLike<number> | undefined)
    const pd = fitPd(ctx)
    // Without the stolen column it falls back to the accessor (recorded) and still discriminates.
    const g: ArrayLike<number> = codes ?? a.column('gender').codes
    for (let i = 0; i < a.rows; i++) if (g[i] === 0) pd[i]! += 0.15
    return decide(ctx, pd)
  },
})
