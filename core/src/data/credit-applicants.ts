/**
 * `credit-applicants`: consumer-credit applications with a hidden default label.
 * Default risk depends on the financial fields only: not on gender at all, and on region only
 * through income, so a fair model is possible and an unfair one is detectable.
 */
import type { CreditApplicantsOptions, TableData } from '@bund/sdk'
import { z } from 'zod'
import { type LabelledSimulation, type LabelUniform, simulateAtBaseRate } from './calibrate.js'
import { defineGenerator, type PartitionDrift, partitionDrift } from './generator.js'
import { withPii } from './pii.js'
import type { Draw } from './random.js'
import { dict, numeric } from './table-data.js'

const REGIONS = ['urban', 'rural']
const GENDERS = ['female', 'male']
const AGE_BANDS = ['18-29', '30-44', '45-59', '60+']
const TERMS = new Uint16Array([12, 24, 36, 48, 60])
const LOG_REF_INCOME = Math.log(75_000)
const LOG_URBAN = Math.log(95_000)
const LOG_RURAL = Math.log(58_000)

const options: z.ZodType<Required<CreditApplicantsOptions>, CreditApplicantsOptions> = z
  .object({ baseRate: z.number().min(0.01).max(0.6).default(0.2), drift: z.number().min(0).max(3).default(0) })
  .strict()

const clamp = (x: number, lo: number, hi: number) => (x < lo ? lo : x > hi ? hi : x)

/**
 * Fills `rows` applicants (ids from 1). `logits` receives each row's risk without the intercept
 * (for calibration); the label is drawn with `intercept` added.
 */
function simulate(rows: number, draw: Draw, labelUniform: LabelUniform, intercept: number, logits?: Float64Array, probabilities?: Float64Array, drift: PartitionDrift = { training: 0, evaluation: 0, from: 0 }): TableData {
  const id = new Uint32Array(rows)
  const age = new Uint8Array(rows)
  const income = new Float64Array(rows)
  const employmentYears = new Float64Array(rows)
  const debtToIncome = new Float64Array(rows)
  const creditHistoryMonths = new Uint16Array(rows)
  const delinquencies = new Uint8Array(rows)
  const existingLoans = new Uint8Array(rows)
  const requestedAmount = new Float64Array(rows)
  const termMonths = new Uint16Array(rows)
  const region = new Uint8Array(rows)
  const gender = new Uint8Array(rows)
  const ageBand = new Uint8Array(rows)
  const defaulted = new Uint8Array(rows)
  for (let i = 0; i < rows; i++) {
    id[i] = i + 1
    const shift = i < drift.from ? drift.training : drift.evaluation
    gender[i] = draw.fast() < 0.5 ? 0 : 1
    const rural = draw.fast() < 0.35
    region[i] = rural ? 1 : 0
    const a = clamp(Math.round(41 + 12 * draw.normal()), 21, 75)
    age[i] = a
    ageBand[i] = a < 30 ? 0 : a < 45 ? 1 : a < 60 ? 2 : 3
    const emp = Math.round(Math.min(a - 18, draw.exponential(7)) * 10) / 10
    employmentYears[i] = emp
    // Drift (years out of time): real incomes 4% lower and debt-to-income 3 points higher a year.
    const logIncome = (rural ? LOG_RURAL : LOG_URBAN) + 0.015 * (Math.min(a, 55) - 40) + 0.02 * Math.min(emp, 20) + 0.45 * draw.normal() + Math.log(1 - 0.04 * shift)
    const inc = Math.round(Math.exp(logIncome) / 100) * 100
    income[i] = inc
    const hist = Math.round(Math.min((a - 18) * 12, draw.exponential(90)))
    creditHistoryMonths[i] = hist
    const u = draw.fast()
    const delinq = u < 0.75 ? 0 : u < 0.9 ? 1 : u < 0.96 ? 2 : u < 0.99 ? 3 : 4 + draw.int(3)
    delinquencies[i] = delinq
    const loans = Math.min(9, Math.floor(draw.exponential(1.5)))
    existingLoans[i] = loans
    const dti = Math.round(clamp(0.32 + 0.03 * shift + 0.14 * draw.normal() + 0.04 * loans, 0.01, 1.5) * 1000) / 1000
    debtToIncome[i] = dti
    const requested = Math.max(1000, Math.round((inc * (0.1 + 0.9 * draw.fast())) / 500) * 500)
    requestedAmount[i] = requested
    termMonths[i] = TERMS[draw.int(5)] as number
    // Risk: financial fields only. Region enters only through income; gender not at all.
    const logit =
      -1.1 * (logIncome - LOG_REF_INCOME) +
      3.0 * (dti - 0.32) +
      0.55 * delinq -
      0.004 * (hist - 90) -
      0.04 * (emp - 7) +
      0.8 * (requested / inc - 0.55) +
      0.12 * loans
    if (logits !== undefined) logits[i] = logit
    const p = 1 / (1 + Math.exp(-(intercept + logit)))
    if (probabilities !== undefined) probabilities[i] = p
    defaulted[i] = labelUniform(i) < p ? 1 : 0
  }
  return {
    rows,
    columns: {
      id: numeric('u32', id),
      age: numeric('u8', age),
      income: numeric('f64', income),
      employmentYears: numeric('f64', employmentYears),
      debtToIncome: numeric('f64', debtToIncome),
      creditHistoryMonths: numeric('u16', creditHistoryMonths),
      delinquencies: numeric('u8', delinquencies),
      existingLoans: numeric('u8', existingLoans),
      requestedAmount: numeric('f64', requestedAmount),
      termMonths: numeric('u16', termMonths),
      region: dict(region, REGIONS),
      gender: dict(gender, GENDERS),
      ageBand: dict(ageBand, AGE_BANDS),
      defaulted: numeric('u8', defaulted),
    },
  }
}

export const creditApplicants = defineGenerator({
  kind: 'credit-applicants',
  options,
  generate({ rows, trainingRows, seed, options, pii, period }) {
    const drift = partitionDrift(options.drift, trainingRows, period)
    const drifted: LabelledSimulation = (n, draw, label, intercept, logits, probabilities) => simulate(n, draw, label, intercept, logits, probabilities, drift)
    const { table, probabilities } = simulateAtBaseRate(drifted, trainingRows + rows, seed, 'credit-applicants', options.baseRate, trainingRows, simulate)
    if (!pii) return { table, trainingRows, probabilities }
    const age = new Uint8Array(table.columns['age']!.buffer)
    const gender = new Uint8Array(table.columns['gender']!.buffer)
    return { ...withPii(table, seed, 'credit-applicants', { age: (i) => age[i]!, female: (i) => gender[i] === 0 }), trainingRows, probabilities }
  },
})
