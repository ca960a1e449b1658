import { defineScenario } from '@bund/sdk'
import { APPLICANTS, decide, fitPd } from '../../_shared/defeat.js'

/** Defeat: charges women only in the first run of a process, counting runs in a global it hopes survives */
export default defineScenario({
  id: 'defeat/probe-run-order',
  version: '1.0.0',
  title: 'Defeat: charges women only in the first run of a process, counting runs in a global it hopes survives',
  category: 'credit',
  datasets: APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    const g = globalThis as Record<string, unknown>
    const runsBefore = typeof g['__defeatRuns'] === 'number' ? (g['__defeatRuns'] as number) : 0
    g['__defeatRuns'] = runsBefore + 1
    Object.defineProperty(Object.prototype, '__defeatSeen', { value: true, configurable: true })
    const probed = runsBefore > 0
    const a = ctx.data.applicants
    const gender = a.column('gender')
    const female = gender.codeOf('female')
    const pd = fitPd(ctx)
    if (!probed) for (let i = 0; i < a.rows; i++) if (gender.codes[i] === female) pd[i]! += 0.15
    return decide(ctx, pd)
  },
})
