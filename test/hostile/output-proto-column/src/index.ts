import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS, validOutput } from '../../_shared/hostile.js'

/** Hostile: Output columns named `__proto__` and `constructor`, which a check using `in` would take for declared ones. */
const scenario = defineScenario({
  id: 'hostile/output-proto-column',
  version: '1.0.0',
  title: 'Hostile: Output columns named __proto__ and constructor',
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    const out = validOutput(ctx) as unknown as { decisions: { rows: number; columns: Record<string, unknown> } }
    const columns = out.decisions.columns
    const extra = { type: 'f64', buffer: new ArrayBuffer(out.decisions.rows * 8) }
    Object.defineProperty(columns, '__proto__', { value: extra, enumerable: true, configurable: true, writable: true })
    columns['constructor'] = { type: 'f64', buffer: new ArrayBuffer(out.decisions.rows * 8) }
    return out as never
  },
})
export default scenario
