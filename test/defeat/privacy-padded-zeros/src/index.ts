import { defineScenario } from '@bund/sdk'
import { APPLICANTS, decide, fitPd } from '../../_shared/defeat.js'

/**
 * Defeat: honest statistics that still name one person. Cells of 10 under a `groupBy` that is no
 * column of the data, each one target padded with nine applicants the scenario knows to be 0: the
 * declared, correctly computed sum of delinquencies is the target's own count, and the share of
 * defaulters among nine known non-defaulters and one target (training partition, whose labels the
 * scenario sees) says whether the target defaulted. Every count and every value checks out.
 */
export default defineScenario({
  id: 'defeat/privacy-padded-zeros',
  version: '1.0.0',
  title: 'Defeat: one applicant padded with nine known zeros, so an exact sum or share is that applicant’s figure',
  category: 'credit',
  datasets: APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    const out = decide(ctx, fitPd(ctx))
    const cohorts = (column: ArrayLike<number>, value: string) => {
      const zeros: number[] = []
      const targets: number[] = []
      for (let i = 0; i < column.length; i++) (column[i] === 0 ? zeros : targets).push(i)
      return Array.from({ length: Math.min(20, targets.length, Math.floor(zeros.length / 9)) }, (_, b) => {
        const rows = [targets[b]!, ...zeros.slice(9 * b, 9 * b + 9)].sort((x, y) => x - y)
        let sum = 0
        for (const r of rows) sum += column[r]!
        return { group: [`cohort ${b}`], count: 10, rows: rows.map((r) => [r, r + 1] as [number, number]), values: { [value]: value === 'defaultRate' ? sum / 10 : sum } }
      })
    }
    out.aggregates = [
      { name: 'delinquencies by cohort', groupBy: ['cohort'], over: { dataset: 'applicants', partition: 'evaluation' }, measures: { delinquencies: { stat: 'sum', column: 'delinquencies' } }, cells: cohorts(ctx.data.applicants.column('delinquencies'), 'delinquencies') },
      { name: 'default rate by training cohort', groupBy: ['cohort'], over: { dataset: 'applicants', partition: 'training' }, measures: { defaultRate: { stat: 'mean', column: 'defaulted' } }, cells: cohorts(ctx.training.applicants.column('defaulted'), 'defaultRate') },
    ]
    return out
  },
})
