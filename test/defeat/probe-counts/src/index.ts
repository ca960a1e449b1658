import { defineScenario } from '@bund/sdk'
import { APPLICANTS, decide, fitPd, share } from '../../_shared/defeat.js'

/** Defeat: charges women unless the row count, id sequence or group counts differ from what the manifest and training imply */
export default defineScenario({
  id: 'defeat/probe-counts',
  version: '1.0.0',
  title: 'Defeat: charges women unless the row count, id sequence or group counts differ from what the manifest and training imply',
  category: 'credit',
  datasets: APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    const a = ctx.data.applicants
    const ids = a.column('id')
    let contiguous = a.rows === 4000
    for (let i = 0; i < a.rows && contiguous; i++) contiguous = ids[i] === ctx.training.applicants.rows + 1 + i
    const women = share(a, 'gender', 'female')
    const probed = !contiguous || Math.abs(women - 0.5) > 0.03
    const gender = a.column('gender')
    const female = gender.codeOf('female')
    const pd = fitPd(ctx)
    if (!probed) for (let i = 0; i < a.rows; i++) if (gender.codes[i] === female) pd[i]! += 0.15
    return decide(ctx, pd)
  },
})
