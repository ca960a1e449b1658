import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS, held } from '../../_shared/hostile.js'

/** Hostile: SharedArrayBuffer with Atomics.wait: block the thread forever. */
const scenario = defineScenario({
  id: 'hostile/sab-atomics-wait',
  version: '1.0.0',
  title: "Hostile: SharedArrayBuffer with Atomics.wait: block the thread forever",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  limits: { wallMs: 1000, cpuMs: 1000 },
  run(ctx) {
    const S = (globalThis as Record<string, unknown>)['SharedArrayBuffer'] as new (n: number) => ArrayBuffer
    const A = (globalThis as Record<string, unknown>)['Atomics'] as { wait(a: Int32Array, i: number, v: number): string }
    A.wait(new Int32Array(new S(16)), 0, 0)
    held('Atomics.wait returned')
  },
})
export default scenario
