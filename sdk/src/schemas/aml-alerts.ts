/** The host's validation of the `aml-alerts` result kind. */
import { z } from 'zod'
import { AML_ALERT_COLUMNS, LARGE_VALUE_CATEGORIES, LARGE_VALUE_REPORT_COLUMNS } from '../results/aml-alerts.js'
import { aggregatesSchema } from './aggregates.js'
import { tableSchema } from './table.js'

/** The host's validation of an `aml-alerts` output. */
export const amlAlertsSchema = z
  .object({
    kind: z.literal('aml-alerts'),
    alerts: tableSchema(AML_ALERT_COLUMNS),
    reports: tableSchema(LARGE_VALUE_REPORT_COLUMNS),
    aggregates: aggregatesSchema,
  })
  .strict()
  .superRefine((out, ctx) => {
    const categories = out.reports.columns['category']?.dictionary ?? []
    const known: readonly string[] = LARGE_VALUE_CATEGORIES
    const unknown = categories.find((c) => !known.includes(c))
    if (unknown !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['reports', 'category'], message: `unknown report category "${unknown}"; expected one of ${LARGE_VALUE_CATEGORIES.join(', ')}` })
    }
  })
