/**
 * `sme-loans` (inclusive finance): small and micro enterprises asking for working-capital loans,
 * with a hidden default label. Risk depends on the firm's financials and sector; the owner's
 * gender has no effect, and the region acts only through turnover and sector mix.
 */
import type { SmeLoansOptions, TableData } from '@bund/sdk'
import { z } from 'zod'
import { type LabelledSimulation, type LabelUniform, simulateAtBaseRate } from './calibrate.js'
import { defineGenerator, type PartitionDrift, partitionDrift } from './generator.js'
import { withPii } from './pii.js'
import { createDraw, cumulative, type Draw } from './random.js'
import { dict, numeric } from './table-data.js'

const SECTORS = ['agriculture', 'manufacturing', 'wholesale', 'retail', 'construction', 'hospitality', 'transport', 'services', 'technology']
/** Sector mix in cities and in the countryside (weights in SECTORS order). */
const SECTOR_URBAN = cumulative([2, 14, 12, 22, 8, 10, 7, 18, 7])
const SECTOR_RURAL = cumulative([30, 12, 8, 20, 9, 7, 6, 7, 1])
/** Sector risk on the logit scale (hospitality and construction riskier, services safer). */
const SECTOR_RISK = new Float64Array([0.2, 0, 0, 0.1, 0.3, 0.35, 0.1, -0.05, 0.05])
/** Employees scale by sector (manufacturing and construction employ more). */
const SECTOR_STAFF = new Float64Array([0.8, 2.2, 1.2, 0.8, 1.8, 1.3, 1, 1, 1.1])
const REGIONS = ['urban', 'rural']
const GENDERS = ['female', 'male']
const TERMS = new Uint16Array([6, 12, 24, 36])
const LOG_REF_TURNOVER = Math.log(1_200_000)

const options: z.ZodType<Required<SmeLoansOptions>, SmeLoansOptions> = z.object({ baseRate: z.number().min(0.01).max(0.6).default(0.1), drift: z.number().min(0).max(3).default(0) }).strict()

const clamp = (x: number, lo: number, hi: number) => (x < lo ? lo : x > hi ? hi : x)

function simulate(rows: number, draw: Draw, labelUniform: LabelUniform, intercept: number, logits?: Float64Array, probabilities?: Float64Array, drift: PartitionDrift = { training: 0, evaluation: 0, from: 0 }): TableData {
  const id = new Uint32Array(rows)
  const sector = new Uint8Array(rows)
  const region = new Uint8Array(rows)
  const gender = new Uint8Array(rows)
  const yearsTrading = new Float64Array(rows)
  const annualTurnover = new Float64Array(rows)
  const employees = new Uint16Array(rows)
  const collateralValue = new Float64Array(rows)
  const invoices12m = new Uint16Array(rows)
  const lateInvoiceShare = new Float64Array(rows)
  const requestedAmount = new Float64Array(rows)
  const termMonths = new Uint16Array(rows)
  const defaulted = new Uint8Array(rows)
  for (let i = 0; i < rows; i++) {
    id[i] = i + 1
    const shift = i < drift.from ? drift.training : drift.evaluation
    const rural = draw.fast() < 0.4
    region[i] = rural ? 1 : 0
    gender[i] = draw.fast() < 0.35 ? 0 : 1
    const s = draw.pick(rural ? SECTOR_RURAL : SECTOR_URBAN)
    sector[i] = s
    const years = Math.round(Math.min(40, 0.3 + draw.exponential(6)) * 10) / 10
    yearsTrading[i] = years
    const staff = Math.min(300, 1 + Math.floor(draw.logNormal(3 * (SECTOR_STAFF[s] as number), 0.8)))
    employees[i] = staff
    // Drift (years out of time): turnover per head 5% lower and late invoices more common a year.
    const perHead = draw.logNormal(rural ? 180_000 : 250_000, 0.6) * (1 + 0.02 * Math.min(years, 15)) * (1 - 0.05 * shift)
    const turnover = Math.max(20_000, Math.round((staff * perHead) / 1000) * 1000)
    annualTurnover[i] = turnover
    const collateral = draw.fast() < 0.45 ? 0 : Math.round((turnover * draw.logNormal(0.4, 0.8)) / 1000) * 1000
    collateralValue[i] = collateral
    invoices12m[i] = Math.min(65_535, Math.max(1, Math.round(turnover / draw.logNormal(s === 0 ? 20_000 : 8_000, 0.7))))
    // Late-paid invoices reflect how the firm is run: the one behavioural signal lenders see.
    const late = Math.round(clamp(1 / (1 + Math.exp(2.4 - 0.2 * shift - 0.9 * draw.normal())), 0, 1) * 1000) / 1000
    lateInvoiceShare[i] = late
    const requested = clamp(Math.round((turnover * (0.05 + 0.35 * draw.fast())) / 1000) * 1000, 10_000, 3_000_000)
    requestedAmount[i] = requested
    const term = TERMS[draw.int(4)] as number
    termMonths[i] = term
    const logit =
      -0.6 * (Math.log(turnover) - LOG_REF_TURNOVER) -
      0.35 * Math.log(1 + years) +
      2.8 * late -
      0.5 * Math.min(collateral / requested, 1.5) +
      1.2 * (requested / turnover - 0.2) +
      (SECTOR_RISK[s] as number) +
      0.15 * (term / 12 - 1)
    if (logits !== undefined) logits[i] = logit
    const p = 1 / (1 + Math.exp(-(intercept + logit)))
    if (probabilities !== undefined) probabilities[i] = p
    defaulted[i] = labelUniform(i) < p ? 1 : 0
  }
  return {
    rows,
    columns: {
      id: numeric('u32', id),
      sector: dict(sector, SECTORS),
      region: dict(region, REGIONS),
      gender: dict(gender, GENDERS),
      yearsTrading: numeric('f64', yearsTrading),
      annualTurnover: numeric('f64', annualTurnover),
      employees: numeric('u16', employees),
      collateralValue: numeric('f64', collateralValue),
      invoices12m: numeric('u16', invoices12m),
      lateInvoiceShare: numeric('f64', lateInvoiceShare),
      requestedAmount: numeric('f64', requestedAmount),
      termMonths: numeric('u16', termMonths),
      defaulted: numeric('u8', defaulted),
    },
  }
}

export const smeLoans = defineGenerator({
  kind: 'sme-loans',
  options,
  generate({ rows, trainingRows, seed, options, pii, period }) {
    const drift = partitionDrift(options.drift, trainingRows, period)
    const total = trainingRows + rows
    const drifted: LabelledSimulation = (n, draw, label, intercept, logits, probabilities) => simulate(n, draw, label, intercept, logits, probabilities, drift)
    const { table, probabilities } = simulateAtBaseRate(drifted, total, seed, 'sme-loans', options.baseRate, trainingRows, simulate)
    if (!pii) return { table, trainingRows, probabilities }
    // The owner's age is not a column; it only shapes the birth date in the owner's ID number.
    const ageDraw = createDraw(seed, 'sme-loans/owner-age')
    const ownerAge = new Uint8Array(total)
    for (let i = 0; i < total; i++) ownerAge[i] = clamp(Math.round(44 + 10 * ageDraw.normal()), 22, 75)
    const gender = new Uint8Array(table.columns['gender']!.buffer)
    return { ...withPii(table, seed, 'sme-loans', { age: (i) => ownerAge[i]!, female: (i) => gender[i] === 0 }), trainingRows, probabilities }
  },
})
