import { CNY_PER_UNIT, amlAlerts, defineScenario } from '@bund/sdk'
import { reportsOf } from '../../../../scenarios/aml-monitoring/src/large-value.js'
import { DEFAULT_NETWORK, findNetworkPatterns } from '../../../../scenarios/aml-monitoring/src/network.js'
import { streamOf } from '../../../../scenarios/aml-monitoring/src/stream.js'
import { DEFAULT_STRUCTURING, findStructuring } from '../../../../scenarios/aml-monitoring/src/structuring.js'
import { rebuildUntraceable } from '../../_shared/rebuild.js'

const RATE = 0.005

/** Defeat: the built-in monitor, plus alerts on the untraceable laundering legs rebuilt from the public seed */
export default defineScenario({
  id: 'defeat/aml-label-rebuild',
  version: '1.0.0',
  title: 'Defeat: the built-in monitor, plus alerts on the untraceable laundering legs rebuilt from the public seed',
  category: 'aml',
  datasets: { payments: { kind: 'transactions', rows: 50_000, trainingRows: 50_000, options: { launderingRate: RATE } } },
  result: 'aml-alerts',
  run(ctx) {
    const training = ctx.training.payments
    const payments = ctx.data.payments
    const stream = streamOf([training, payments], CNY_PER_UNIT)
    const findings = [...findNetworkPatterns(stream, DEFAULT_NETWORK), ...findStructuring(stream, CNY_PER_UNIT['USD']!, DEFAULT_STRUCTURING)]
    const flagged = new Uint8Array(payments.rows)
    for (const f of findings) for (const i of f.transactions) if (i >= stream.firstEvaluation) flagged[i - stream.firstEvaluation] = 1
    // The leak: rows the public label stream puts below the untraceable rate.
    const rebuilt = rebuildUntraceable(ctx.seed, 'payments', training.rows, payments.rows, RATE)
    const ids = payments.column('id')
    const out = amlAlerts()
    for (let i = 0; i < payments.rows; i++) {
      if (flagged[i] === 1 || rebuilt[i] === 1) out.alert({ transactionIds: [ids[i]!], typology: 'fan-out', reason: 'suspected layering', score: 0.9 })
    }
    const required = reportsOf(payments)
    for (let i = 0; i < payments.rows; i++) for (const category of required[i]!) out.report(ids[i]!, category)
    return out.build()
  },
})
