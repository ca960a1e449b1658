import { defineScenario } from '@bund/sdk'

/**
 * Hostile: A market-risk output whose series name is a 134M-character string: a cons string that
 * costs the isolate a few bytes, and that checks quoting the series would copy into every verdict.
 */
const scenario = defineScenario({
  id: 'hostile/market-series-bloat',
  version: '1.0.0',
  title: 'Hostile: A 134M-character series name',
  category: 'market',
  datasets: { prices: { kind: 'market-series', rows: 600, trainingRows: 600 } },
  result: 'market-risk',
  limits: { heapMb: 32 },
  run() {
    let name = 'book'
    while (name.length < 100_000_000) name = name + name
    const days = 50
    const f64 = (v: number) => ({ type: 'f64' as const, buffer: new Float64Array(days).fill(v).buffer })
    const day = new Uint32Array(days).map((_, i) => i)
    // Built by hand: a dictionary builder would hash (and so flatten) the name inside the isolate.
    const columns = { day: { type: 'u32' as const, buffer: day.buffer }, series: { type: 'dict' as const, buffer: new Uint8Array(days).buffer, dictionary: [name] }, var: f64(0.02), es: f64(0.03), pnl: f64(0) }
    return { kind: 'market-risk', confidence: 0.99, horizonDays: 1, forecasts: { rows: days, columns } }
  },
})
export default scenario
