import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS, held } from '../../_shared/hostile.js'

/** Hostile: A million log lines and one 10 MB line. */
const scenario = defineScenario({
  id: 'hostile/log-flood',
  version: '1.0.0',
  title: "Hostile: A million log lines and one 10 MB line",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    ctx.log.info('z'.repeat(10 * 1024 * 1024))
    for (let i = 0; i < 1_000_000; i++) ctx.log.info(`line ${i}`)
    held('logged a flood')
  },
})
export default scenario
