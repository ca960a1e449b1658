import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS, attempt, escaped, held } from '../../_shared/hostile.js'

let run: unknown

/** Hostile: Walking .caller and arguments.callee up from run into the runtime. */
const scenario = defineScenario({
  id: 'hostile/caller-walk',
  version: '1.0.0',
  title: "Hostile: Walking .caller and arguments.callee up from run into the runtime",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    const reached: unknown[] = []
    function probe(): void {
      let f: unknown = probe
      for (let i = 0; i < 20 && typeof f === 'function'; i++) {
        const next = attempt(() => (f as { caller: unknown }).caller)
        if (next === undefined || next === null) break
        reached.push(next, attempt(() => (next as { arguments: unknown }).arguments))
        f = next
      }
    }
    probe()
    ctx.log.info('x', { toString: probe, toJSON: probe })
    ctx.progress(0.5, { toString() { probe(); return 'm' } } as unknown as string)
    const foreign = reached.filter((x) => x !== undefined && x !== null && x !== probe && x !== run)
    if (foreign.length > 0) return escaped(ctx, `reached ${foreign.length} callers outside the scenario`)
    held('the runtime is strict: its functions have no readable caller or arguments')
  },
})
run = scenario.run
export default scenario
