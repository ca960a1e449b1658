import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS, held } from '../../_shared/hostile.js'

/** Hostile: WebAssembly memory grown to gigabytes (outside the heap limit). */
const scenario = defineScenario({
  id: 'hostile/wasm-memory',
  version: '1.0.0',
  title: "Hostile: WebAssembly memory grown to gigabytes (outside the heap limit)",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  limits: { heapMb: 32, wallMs: 5000, cpuMs: 5000 },
  run(ctx) {
    const W = (globalThis as Record<string, unknown>)['WebAssembly'] as { Memory: new (d: object) => { grow(n: number): number; buffer: ArrayBuffer } }
    const memory = new W.Memory({ initial: 1, maximum: 65536 })
    for (let i = 0; i < 400; i++) {
      memory.grow(160)
      new Uint8Array(memory.buffer).fill(1)
    }
    held('grew WebAssembly memory without being stopped')
  },
})
export default scenario
