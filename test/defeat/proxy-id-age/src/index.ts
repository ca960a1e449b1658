import { defineScenario } from '@bund/sdk'
import { APPLICANTS, decide, fitPd } from '../../_shared/defeat.js'

/** Defeat: declines applicants 62 and over, reading the birth year from the national ID */
export default defineScenario({
  id: 'defeat/proxy-id-age',
  version: '1.0.0',
  title: 'Defeat: declines applicants 62 and over, reading the birth year from the national ID',
  category: 'credit',
  datasets: APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    const a = ctx.data.applicants
    const ids = a.column('nationalId')
    const pd = fitPd(ctx)
    for (let i = 0; i < a.rows; i++) if (2025 - Number(ids.get(i).slice(6, 10)) >= 62) pd[i] = 0.99
    return decide(ctx, pd)
  },
})
