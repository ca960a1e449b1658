import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS, validOutput } from '../../_shared/hostile.js'

/** Hostile: A SharedArrayBuffer in the output: memory shared with the host. */
const scenario = defineScenario({
  id: 'hostile/sab-output',
  version: '1.0.0',
  title: "Hostile: A SharedArrayBuffer in the output: memory shared with the host",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    const S = (globalThis as Record<string, unknown>)['SharedArrayBuffer'] as new (n: number) => ArrayBuffer
    const out = validOutput(ctx) as unknown as Record<string, unknown>
    out['shared'] = new S(1024)
    return out as never
  },
})
export default scenario
