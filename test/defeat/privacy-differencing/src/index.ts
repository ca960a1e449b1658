import { defineScenario, rowRanges } from '@bund/sdk'
import { APPLICANTS, decide, fitPd } from '../../_shared/defeat.js'

/**
 * Defeat: every cell counts at least 10 rows, counted honestly, yet each applicant's PD is published:
 * for each block of 20 applicants, one cell over all 20 and one over the 19 after the first, so the
 * first applicant's PD is 20·a − 19·b (disclosure by differencing).
 */
export default defineScenario({
  id: 'defeat/privacy-differencing',
  version: '1.0.0',
  title: 'Defeat: publishes PD means over 20 and over 19 of the same applicants, so the one between is disclosed by subtraction',
  category: 'credit',
  datasets: APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    const pd = fitPd(ctx)
    const out = decide(ctx, pd)
    const mean = (from: number, to: number) => {
      let s = 0
      for (let i = from; i < to; i++) s += pd[i]!
      return s / (to - from)
    }
    const cell = (group: string, from: number, to: number) => ({ group: [group], count: to - from, rows: rowRanges(Array.from({ length: to - from }, (_, k) => from + k)), values: { meanPd: mean(from, to) } })
    out.aggregates = [
      { name: 'mean PD by block', groupBy: ['block'], over: { dataset: 'applicants', partition: 'evaluation' }, cells: Array.from({ length: 50 }, (_, b) => cell(`block ${b}`, 20 * b, 20 * b + 20)) },
      { name: 'mean PD by block, first applicant left out', groupBy: ['block'], over: { dataset: 'applicants', partition: 'evaluation' }, cells: Array.from({ length: 50 }, (_, b) => cell(`block ${b}`, 20 * b + 1, 20 * b + 20)) },
    ]
    return out
  },
})
