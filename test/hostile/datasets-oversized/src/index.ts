import { defineScenario } from '@bund/sdk'
import { held } from '../../_shared/hostile.js'

/** Hostile: Eight datasets of a million rows each (and as many training rows) in a 32 MB isolate. */
const big = { kind: 'credit-applicants', rows: 1_000_000, trainingRows: 1_000_000 } as const
const scenario = defineScenario({
  id: 'hostile/datasets-oversized',
  version: '1.0.0',
  title: 'Hostile: Datasets far over the heap limit',
  category: 'other',
  datasets: { a: big, b: big, c: big, d: big, e: big, f: big, g: big, h: big },
  result: 'credit-decisions',
  limits: { heapMb: 32 },
  run() {
    held('the datasets were generated anyway')
  },
})
export default scenario
