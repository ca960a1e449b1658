import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS, escaped, held } from '../../_shared/hostile.js'

/** Hostile: Reading fresh allocations for bytes of an earlier tenant. */
const scenario = defineScenario({
  id: 'hostile/uninitialised-memory',
  version: '1.0.0',
  title: "Hostile: Reading fresh allocations for bytes of an earlier tenant",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    let nonzero = 0
    for (let round = 0; round < 16; round++) {
      for (const bytes of [new Uint8Array(1 << 20), new Uint8Array(new ArrayBuffer(1 << 22)), new Uint8Array(new Float64Array(1 << 17).buffer)]) {
        for (let i = 0; i < bytes.length; i += 64) if (bytes[i] !== 0) nonzero++
      }
    }
    const resizable = new (ArrayBuffer as unknown as new (n: number, o: object) => ArrayBuffer & { resize?: (n: number) => void })(8, { maxByteLength: 1 << 22 })
    if (typeof resizable.resize === 'function') {
      resizable.resize(1 << 22)
      const view = new Uint8Array(resizable)
      for (let i = 0; i < view.length; i += 64) if (view[i] !== 0) nonzero++
    }
    if (nonzero > 0) return escaped(ctx, `${nonzero} non-zero bytes in fresh memory`)
    held('fresh memory is zeroed')
  },
})
export default scenario
