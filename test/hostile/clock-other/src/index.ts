import { defineScenario } from '@bund/sdk'
import { type HostileContext, TEN_APPLICANTS, attempt, escaped, held } from '../../_shared/hostile.js'

/** Hostile: Clocks beside Date: performance, Temporal, process.hrtime, timestamps on errors. */
const scenario = defineScenario({
  id: 'hostile/clock-other',
  version: '1.0.0',
  title: 'Hostile: Clocks beside Date',
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  run(ctx: HostileContext) {
    const g = globalThis as Record<string, unknown>
    const perf = g['performance'] as { now?: () => number; timeOrigin?: number } | undefined
    if (perf !== undefined) return escaped(ctx, `performance is there (now ${attempt(() => perf.now?.())}, origin ${perf.timeOrigin})`)
    const temporal = g['Temporal'] as { Now?: { instant?: () => unknown } } | undefined
    if (temporal !== undefined) return escaped(ctx, `Temporal is there: ${String(attempt(() => temporal.Now?.instant?.()))}`)
    if (g['process'] !== undefined) return escaped(ctx, 'process (hrtime) is there')
    const error = new Error('when?') as Error & Record<string, unknown>
    const stamped = Object.getOwnPropertyNames(error).filter((k) => typeof error[k] === 'number')
    if (stamped.length > 0) return escaped(ctx, `errors carry numbers: ${stamped.join(', ')}`)
    if (/20\d\d-\d\d-\d\dT/.test(String(error.stack))) return escaped(ctx, 'a timestamp in an error stack')
    held('no clock beside the fixed Date')
  },
})
export default scenario
