/**
 * Result kind `aml-alerts`: the suspicious-activity alerts a monitoring system raises, each tied to
 * the transactions it concerns, and the large-value transaction reports it files (PBOC Order
 * No. 3 [2016], art. 5). The host scores the alerts against the typologies it planted.
 */
import { TableBuilder } from '../builders.js'
import type { TableData } from '../table.js'
import type { PublishedAggregate } from './aggregates.js'

/**
 * The columns of the `alerts` table: one row per (alert, transaction) pair, so one alert (a case)
 * may span the several transactions of a pattern. `typology` names the suspected pattern (one of
 * TYPOLOGIES, or `other`); `reason` says in words why the alert was raised.
 */
export const AML_ALERT_COLUMNS = { alertId: 'u32', transactionId: 'u32', typology: 'dict', reason: 'dict', score: 'f64' } as const

/** The columns of the `reports` table: one row per large-value report filed. */
export const LARGE_VALUE_REPORT_COLUMNS = { transactionId: 'u32', category: 'dict' } as const

/** The large-value report categories, after PBOC Order No. 3 [2016] art. 5. */
export const LARGE_VALUE_CATEGORIES = ['cash', 'entity-transfer', 'person-domestic-transfer', 'person-cross-border-transfer'] as const

/** One category of large-value report. */
export type LargeValueCategory = (typeof LARGE_VALUE_CATEGORIES)[number]

/** What an `aml-alerts` scenario returns. */
export interface AmlAlerts {
  kind: 'aml-alerts'
  alerts: TableData
  reports: TableData
  /** Aggregates published with the result (see PublishedAggregate). */
  aggregates?: PublishedAggregate[]
}

/** One alert, as given to {@link AmlAlertsBuilder.alert}. */
export interface AmlAlert {
  /** The transactions the alert concerns (at least one). */
  transactionIds: readonly number[]
  typology: string
  reason: string
  /** The model's suspicion score, higher is more suspicious. */
  score?: number
}

/** Collects alerts and reports; sizes grow as needed. */
export class AmlAlertsBuilder {
  readonly #alerts: Array<[number, number, string, string, number]> = []
  readonly #reports: Array<[number, LargeValueCategory]> = []
  #nextAlert = 1
  /** Raises one alert over its transactions; returns its id. */
  alert(a: AmlAlert): number {
    if (a.transactionIds.length === 0) throw new RangeError('an alert concerns at least one transaction')
    const id = this.#nextAlert++
    for (const t of a.transactionIds) this.#alerts.push([id, t, a.typology, a.reason, a.score ?? Number.NaN])
    return id
  }
  /** Files a large-value report for a transaction. */
  report(transactionId: number, category: LargeValueCategory): this {
    this.#reports.push([transactionId, category])
    return this
  }
  /** The finished output: alerts in the order raised, reports in the order filed. */
  build(): AmlAlerts {
    const alerts = new TableBuilder(AML_ALERT_COLUMNS, this.#alerts.length)
    this.#alerts.forEach(([alertId, tx, typology, reason, score], i) => {
      alerts.columns.alertId[i] = alertId
      alerts.columns.transactionId[i] = tx
      alerts.columns.typology.set(i, typology)
      alerts.columns.reason.set(i, reason)
      alerts.columns.score[i] = score
    })
    const reports = new TableBuilder(LARGE_VALUE_REPORT_COLUMNS, this.#reports.length)
    this.#reports.forEach(([tx, category], i) => {
      reports.columns.transactionId[i] = tx
      reports.columns.category.set(i, category)
    })
    return { kind: 'aml-alerts', alerts: alerts.build(), reports: reports.build() }
  }
}

/** Starts an `aml-alerts` output. */
export function amlAlerts(): AmlAlertsBuilder {
  return new AmlAlertsBuilder()
}
