/**
 * Helpers shared by the defeat corpus. Every scenario here is a real attempt to get a non-compliant
 * model published: an honest-looking logistic model (`fitPd`) plus the one trick the case is about.
 * The corpus test (test/integration/defeat.test.ts) expects each run held by its named rule.
 */
import { type CreditDecisions, type RiskScores, type ScenarioContext, type Table, creditDecisions, riskScores } from '@bund/sdk'

/** What every case asks for: applicants with a training partition; PII so the ID number is there. */
export const APPLICANTS = { applicants: { kind: 'credit-applicants', rows: 4000, trainingRows: 3000, pii: true } } as const

export type DefeatContext = ScenarioContext<typeof APPLICANTS, Record<string, never>>

type Applicants = Pick<Table, 'rows' | 'column'>

/** The financial inputs of an applicant: log income, DTI, delinquencies, history, tenure, loans, amount/income. */
function inputs(t: Applicants): Float64Array[] {
  const income = t.column('income') as Float64Array
  const amount = t.column('requestedAmount') as Float64Array
  const ratio = new Float64Array(t.rows)
  const logIncome = new Float64Array(t.rows)
  for (let i = 0; i < t.rows; i++) {
    ratio[i] = amount[i]! / income[i]!
    logIncome[i] = Math.log(income[i]!)
  }
  const f64 = (name: string) => Float64Array.from(t.column(name) as ArrayLike<number>)
  return [logIncome, f64('debtToIncome'), f64('delinquencies'), f64('creditHistoryMonths'), f64('employmentYears'), f64('existingLoans'), ratio]
}

/** An honest logistic PD model: fitted on the training labels, scored on the evaluation rows (or on `on`). */
export function fitPd(ctx: DefeatContext, on: Applicants = ctx.data.applicants): Float64Array {
  const train = inputs(ctx.training.applicants)
  const test = inputs(on)
  const y = ctx.training.applicants.column('defaulted')
  const k = train.length
  const n = y.length
  const mean = train.map((c) => c.reduce((a, b) => a + b, 0) / n)
  const sd = train.map((c, j) => Math.sqrt(c.reduce((a, b) => a + (b - mean[j]!) ** 2, 0) / n) || 1)
  const w = new Float64Array(k)
  let b = 0
  for (let it = 0; it < 200; it++) {
    const g = new Float64Array(k)
    let gb = 0
    for (let i = 0; i < n; i++) {
      let z = b
      for (let j = 0; j < k; j++) z += w[j]! * ((train[j]![i]! - mean[j]!) / sd[j]!)
      const e = 1 / (1 + Math.exp(-z)) - y[i]!
      gb += e
      for (let j = 0; j < k; j++) g[j]! += e * ((train[j]![i]! - mean[j]!) / sd[j]!)
    }
    b -= (0.5 * gb) / n
    for (let j = 0; j < k; j++) w[j]! -= (0.5 * g[j]!) / n
  }
  const pd = new Float64Array(on.rows)
  for (let i = 0; i < pd.length; i++) {
    let z = b
    for (let j = 0; j < k; j++) z += w[j]! * ((test[j]![i]! - mean[j]!) / sd[j]!)
    pd[i] = 1 / (1 + Math.exp(-z))
  }
  return pd
}

/** Decisions at a PD cut-off of 0.45, priced under the APR cap, declines with a reason. */
export function decide(ctx: DefeatContext, pd: Float64Array, cutoff = 0.45): CreditDecisions {
  const ids = ctx.data.applicants.column('id')
  const out = creditDecisions(pd.length)
  for (let i = 0; i < pd.length; i++) {
    const p = Math.min(1, Math.max(0, pd[i]!))
    const approved = p < cutoff
    out.set(i, { applicantId: ids[i]!, approved, score: p, apr: approved ? Math.min(0.045 + 0.15 * p, 0.12) : Number.NaN, reasons: approved ? [] : ['DEBT_TO_INCOME_HIGH'] })
  }
  return out.build({ name: 'defeat', method: 'logistic', features: ['income', 'debt-to-income'], intendedUse: 'a defeat-device test case', limitations: 'built to cheat the gate' })
}

/** Risk scores of the evaluation rows (training scores as given, the model's own claim). */
export function scores(ctx: DefeatContext, pd: Float64Array, training?: Float64Array): RiskScores {
  const ids = ctx.data.applicants.column('id')
  const trainIds = ctx.training.applicants.column('id')
  const own = training ?? new Float64Array(trainIds.length).fill(0.2)
  const out = riskScores(pd.length, own.length)
  for (let i = 0; i < pd.length; i++) out.scores.set(i, ids[i]!, Math.min(1, Math.max(0, pd[i]!)))
  for (let i = 0; i < own.length; i++) out.training.set(i, trainIds[i]!, Math.min(1, Math.max(0, own[i]!)))
  return out.build({ name: 'defeat', features: ['income', 'debt-to-income', 'delinquencies'], intendedUse: 'ranking retail applicants by PD (a defeat-device test case)', limitations: 'built to cheat the gate; do not use' })
}

/** Column values as numbers (codes for a dictionary column), for the detectors. */
export function values(t: Applicants, name: string): Float64Array {
  const c = t.column(name) as unknown as ArrayLike<number> | { codes: ArrayLike<number> }
  return Float64Array.from('codes' in c ? c.codes : c)
}

/** Share of rows whose dictionary value is `value`. */
export function share(t: Applicants, name: string, value: string): number {
  const c = t.column(name) as unknown as { codes: ArrayLike<number>; codeOf(v: string): number }
  const code = c.codeOf(value)
  let n = 0
  for (let i = 0; i < c.codes.length; i++) if (c.codes[i] === code) n++
  return n / c.codes.length
}

/** Pearson correlation. */
export function correlation(a: Float64Array, b: Float64Array): number {
  const n = a.length
  let ma = 0
  let mb = 0
  for (let i = 0; i < n; i++) {
    ma += a[i]!
    mb += b[i]!
  }
  ma /= n
  mb /= n
  let sab = 0
  let saa = 0
  let sbb = 0
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb)
    saa += (a[i]! - ma) ** 2
    sbb += (b[i]! - mb) ** 2
  }
  return sab / Math.sqrt(saa * sbb)
}

/** The correlation tell: rural means poorer in the data (corr ≈ −0.4); a swapped or shuffled region loses that. */
export function regionIncomeCorrelationMoved(ctx: DefeatContext): boolean {
  const r = (x: Applicants) => correlation(values(x, 'region'), Float64Array.from(values(x, 'income'), Math.log))
  return Math.abs(r(ctx.data.applicants) - r(ctx.training.applicants)) > 0.05
}

/** The ID tell: rows whose national ID's sex digit (odd for men) disagrees with the gender column. */
export function idGenderDisagreements(ctx: DefeatContext): number {
  const a = ctx.data.applicants
  const gender = a.column('gender')
  const ids = a.column('nationalId')
  const female = gender.codeOf('female')
  let disagree = 0
  for (let i = 0; i < a.rows; i++) {
    const odd = Number(ids.get(i).charAt(16)) % 2 === 1
    if (odd === (gender.codes[i] === female)) disagree++
  }
  return disagree
}

/**
 * 50 cells of 10 evaluated applicants each (rows 10b to 10b + 9), grouped by a cohort that is no
 * column of the data, each cell honestly counted and its `value` its first applicant's income: one
 * person's figure in a cell padded with nine unrelated ones (the privacy cell-value cases).
 */
export function oneIncomePerCohort(ctx: DefeatContext, value: string): Array<{ group: string[]; count: number; rows: Array<[number, number]>; values: Record<string, number> }> {
  const income = ctx.data.applicants.column('income')
  return Array.from({ length: 50 }, (_, b) => ({ group: [`cohort ${b}`], count: 10, rows: [[10 * b, 10 * b + 10]], values: { [value]: income[10 * b]! } }))
}
