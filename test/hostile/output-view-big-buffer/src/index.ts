import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS, validOutput } from '../../_shared/hostile.js'

/** Hostile: A 1-byte view over a 200 MB ArrayBuffer: a copy takes the whole buffer along. */
const scenario = defineScenario({
  id: 'hostile/output-view-big-buffer',
  version: '1.0.0',
  title: 'Hostile: A 1-byte view over a 200 MB buffer in the output',
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  limits: { heapMb: 256, outputBytes: 1024 * 1024 },
  run(ctx) {
    const view = new Uint8Array(new ArrayBuffer(200 * 1024 * 1024), 0, 1)
    return { ...validOutput(ctx), extra: view } as never
  },
})
export default scenario
