/**
 * `credit-applicants`: consumer-credit applications with a hidden default label.
 * Default risk depends on the financial fields only: not on gender at all, and on region only
 * through income, so a fair model is possible and an unfair one is detectable.
 */
import type { TableData } from '@bund/sdk'
import { createDraw } from './random.js'

export interface CreditApplicantsOptions {
  /** Target share of defaults (default 0.2, between German Credit's 30% and Give Me Some Credit's 6.7%). */
  baseRate?: number
}

const REGIONS = ['urban', 'rural']
const GENDERS = ['female', 'male']
const AGE_BANDS = ['18-29', '30-44', '45-59', '60+']
const TERMS = [12, 24, 36, 48, 60]

const clamp = (x: number, lo: number, hi: number) => (x < lo ? lo : x > hi ? hi : x)

/** Generates `rows` applicants with ids `firstId, firstId + 1, …`, labels included. */
export function generateCreditApplicants(rows: number, seed: number, options: CreditApplicantsOptions = {}, firstId = 1): TableData {
  const baseRate = options.baseRate ?? 0.2
  const draw = createDraw(seed, 'credit-applicants')
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
  // The intercept sets the base rate; 0.35 offsets the spread of the other terms (calibrated by test).
  const intercept = Math.log(baseRate / (1 - baseRate)) - 0.35
  const refLogIncome = Math.log(75_000)
  for (let i = 0; i < rows; i++) {
    id[i] = firstId + i
    gender[i] = draw.uniform() < 0.5 ? 0 : 1
    const rural = draw.uniform() < 0.35 ? 1 : 0
    region[i] = rural
    const a = clamp(Math.round(41 + 12 * draw.normal()), 21, 75)
    age[i] = a
    ageBand[i] = a < 30 ? 0 : a < 45 ? 1 : a < 60 ? 2 : 3
    const emp = Math.round(Math.min(a - 18, draw.exponential(7)) * 10) / 10
    employmentYears[i] = emp
    const logIncome = Math.log(rural ? 58_000 : 95_000) + 0.015 * (Math.min(a, 55) - 40) + 0.02 * Math.min(emp, 20) + 0.45 * draw.normal()
    const inc = Math.round(Math.exp(logIncome) / 100) * 100
    income[i] = inc
    const hist = Math.round(Math.min((a - 18) * 12, draw.exponential(90)))
    creditHistoryMonths[i] = hist
    const u = draw.uniform()
    const delinq = u < 0.75 ? 0 : u < 0.9 ? 1 : u < 0.96 ? 2 : u < 0.99 ? 3 : 4 + Math.floor(draw.uniform() * 3)
    delinquencies[i] = delinq
    const loans = Math.min(9, Math.floor(draw.exponential(1.5)))
    existingLoans[i] = loans
    const dti = Math.round(clamp(0.32 + 0.14 * draw.normal() + 0.04 * loans, 0.01, 1.5) * 1000) / 1000
    debtToIncome[i] = dti
    const requested = Math.max(1000, Math.round((inc * (0.1 + 0.9 * draw.uniform())) / 500) * 500)
    requestedAmount[i] = requested
    termMonths[i] = TERMS[Math.floor(draw.uniform() * TERMS.length)] as number
    const logit =
      intercept -
      1.1 * (Math.log(inc) - refLogIncome) +
      3.0 * (dti - 0.32) +
      0.55 * delinq -
      0.004 * (hist - 90) -
      0.04 * (emp - 7) +
      0.8 * (requested / inc - 0.55) +
      0.12 * loans
    defaulted[i] = draw.uniform() < 1 / (1 + Math.exp(-logit)) ? 1 : 0
  }
  return {
    rows,
    columns: {
      id: { type: 'u32', buffer: id.buffer },
      age: { type: 'u8', buffer: age.buffer },
      income: { type: 'f64', buffer: income.buffer },
      employmentYears: { type: 'f64', buffer: employmentYears.buffer },
      debtToIncome: { type: 'f64', buffer: debtToIncome.buffer },
      creditHistoryMonths: { type: 'u16', buffer: creditHistoryMonths.buffer },
      delinquencies: { type: 'u8', buffer: delinquencies.buffer },
      existingLoans: { type: 'u8', buffer: existingLoans.buffer },
      requestedAmount: { type: 'f64', buffer: requestedAmount.buffer },
      termMonths: { type: 'u16', buffer: termMonths.buffer },
      region: { type: 'dict', buffer: region.buffer, dictionary: REGIONS },
      gender: { type: 'dict', buffer: gender.buffer, dictionary: GENDERS },
      ageBand: { type: 'dict', buffer: ageBand.buffer, dictionary: AGE_BANDS },
      defaulted: { type: 'u8', buffer: defaulted.buffer },
    },
  }
}
