// Prints every base rate, median and mix core/src/data/README.md states, measured on the public seed
// (the generators are the same under a run's key): `node test/bench/data-figures.mjs [kind…]`.
// Needs a build (npx tsc -b). Kinds: credit sme transactions settlement market (default: all).
import { generateDataset } from '../../core/dist/index.js'
import { CNY_PER_UNIT, requiredLargeValueReports, viewColumn } from '../../sdk/dist/index.js'
import { largeValueCategoriesOf, largeValueThreshold } from '../../sdk/dist/datasets/large-value.js'

const num = (t, name) => viewColumn(t.columns[name])
const str = (t, name) => { const c = t.columns[name]; const codes = viewColumn(c); return (i) => c.dictionary[codes[i]] }
const pct = (x) => `${(100 * x).toFixed(2)}%`
const median = (a) => { const s = Float64Array.from(a).sort(); return s.length === 0 ? NaN : s[Math.floor(s.length / 2)] }
const quantile = (a, q) => { const s = Float64Array.from(a).sort(); return s[Math.min(s.length - 1, Math.floor(q * s.length))] }
const share = (n, f) => { let k = 0; for (let i = 0; i < n; i++) if (f(i)) k++; return k / n }
const want = process.argv.slice(2)
const on = (k) => want.length === 0 || want.includes(k)

if (on('credit')) {
  for (const baseRate of [0.067, 0.2, 0.3]) {
    const t = generateDataset({ kind: 'credit-applicants', rows: 100_000, seed: 1, options: { baseRate } }).evaluation
    const d = num(t, 'defaulted')
    console.log(`credit-applicants 100,000 rows seed 1, baseRate ${baseRate}: default rate ${pct(share(t.rows, (i) => d[i] === 1))}`)
  }
  const t = generateDataset({ kind: 'credit-applicants', rows: 100_000, seed: 1 }).evaluation
  const [region, gender] = [str(t, 'region'), str(t, 'gender')]
  const [del, income] = [num(t, 'delinquencies'), num(t, 'income')]
  console.log(`  rural ${pct(share(t.rows, (i) => region(i) === 'rural'))}, female ${pct(share(t.rows, (i) => gender(i) === 'female'))}; delinquencies 0/1/2/3/4+: ${[0, 1, 2, 3].map((k) => pct(share(t.rows, (i) => del[i] === k))).join(' / ')} / ${pct(share(t.rows, (i) => del[i] >= 4))}`)
  const inc = (r) => median(Array.from({ length: t.rows }, (_, i) => i).filter((i) => region(i) === r).map((i) => income[i]))
  console.log(`  median income urban ${inc('urban')}, rural ${inc('rural')}`)
}

if (on('sme')) {
  const t = generateDataset({ kind: 'sme-loans', rows: 100_000, seed: 1 }).evaluation
  const [region, gender, sector] = [str(t, 'region'), str(t, 'gender'), str(t, 'sector')]
  const [d, collateral, late] = [num(t, 'defaulted'), num(t, 'collateralValue'), num(t, 'lateInvoiceShare')]
  const rural = Array.from({ length: t.rows }, (_, i) => i).filter((i) => region(i) === 'rural')
  console.log(`sme-loans 100,000 rows seed 1: default rate ${pct(share(t.rows, (i) => d[i] === 1))}; rural ${pct(rural.length / t.rows)} (${pct(rural.filter((i) => sector(i) === 'agriculture').length / rural.length)} of them farms); female owners ${pct(share(t.rows, (i) => gender(i) === 'female'))}; no collateral ${pct(share(t.rows, (i) => collateral[i] === 0))}; median late-invoice share ${pct(median(late))}`)
}

if (on('transactions')) {
  const rows = 1_000_000
  const generated = generateDataset({ kind: 'transactions', rows, seed: 1 })
  const t = generated.evaluation
  const [type, currency, fromEntity, toEntity, fromCountry, toCountry] = ['type', 'currency', 'fromEntity', 'toEntity', 'fromCountry', 'toCountry'].map((c) => str(t, c))
  const [amount, laundering, from, to, time] = ['amount', 'laundering', 'fromAccount', 'toAccount', 'timestamp'].map((c) => num(t, c))
  const typology = str(t, 'typology')
  const TYPES = ['cash-in', 'cash-out', 'transfer', 'payment', 'cross-border']
  const ordinary = Array.from({ length: rows }, (_, i) => i).filter((i) => laundering[i] === 0)
  const cny = (i) => amount[i] * CNY_PER_UNIT[currency(i)]
  const persons = ordinary.filter((i) => fromEntity(i) === 'person')
  console.log(`transactions 1,000,000 rows seed 1 (default options), ordinary rows ${ordinary.length}: persons pay ${pct(persons.length / ordinary.length)}`)
  for (const [who, list] of [['persons', persons], ['companies', ordinary.filter((i) => fromEntity(i) !== 'person')]]) {
    const mix = TYPES.map((ty) => pct(list.filter((i) => type(i) === ty).length / list.length)).join(' / ')
    const med = TYPES.map((ty) => median(list.filter((i) => type(i) === ty).map(cny)).toFixed(0)).join(' / ')
    console.log(`  ${who}: mix ${TYPES.join('/')} ${mix}; median CNY ${med}`)
  }
  const planted = share(rows, (i) => laundering[i] === 1) * rows
  // Untraceable legs are drawn as ordinary traffic: their typology is a layering one, but they are no planted leg.
  const untraceable = share(rows, (i) => laundering[i] === 1 && generated.probabilities[i] < 1) * rows
  console.log(`  laundering rows ${planted} (${pct(planted / rows)}), ${untraceable} of them untraceable (${pct(untraceable / planted)})`)
  const needed = requiredLargeValueReports(rows, (i) => ({ account: type(i) === 'cash-in' ? to[i] : from[i], timestamp: time[i], type: type(i), amount: amount[i], currency: currency(i), fromEntity: fromEntity(i), toEntity: toEntity(i), fromCountry: fromCountry(i), toCountry: toCountry(i) }))
  const reportable = Array.from({ length: rows }, (_, i) => i).filter((i) => needed[i].length > 0)
  const alone = reportable.filter((i) => currency(i) === 'CNY' && largeValueCategoriesOf({ type: type(i), amount: amount[i], currency: 'CNY', fromEntity: fromEntity(i), toEntity: toEntity(i), fromCountry: fromCountry(i), toCountry: toCountry(i) }).some((c) => amount[i] >= largeValueThreshold(c, false)))
  const aloneSet = new Set(alone)
  const rest = reportable.filter((i) => !aloneSet.has(i))
  const kinds = (c) => rest.filter((i) => needed[i].includes(c)).length
  console.log(`  transactions needing a large-value report: ${reportable.length}; ${alone.length} CNY at a CNY threshold on their own; the other ${rest.length}: cash ${kinds('cash')}, person cross-border ${kinds('person-cross-border-transfer')}, person domestic ${kinds('person-domestic-transfer')}, entity ${kinds('entity-transfer')}`)
  void typology
}

if (on('settlement')) {
  const rows = 200_000
  const d = generateDataset({ kind: 'settlement-instructions', rows, seed: 1 })
  const t = d.evaluation
  const planted = str(t, 'planted')
  const amount = num(t, 'amount')
  const by = new Map()
  for (let i = 0; i < rows; i++) { const p = planted(i); if (!by.has(p)) by.set(p, []); by.get(p).push(amount[i]) }
  console.log('settlement-instructions 200,000 rows seed 1 (default options):')
  for (const [p, a] of by) console.log(`  ${p}: ${pct(a.length / rows)}, amount p10 ${quantile(a, 0.1).toFixed(0)}, median ${median(a).toFixed(0)}, p90 ${quantile(a, 0.9).toFixed(0)}`)
  const f = Float64Array.from(by.get('insufficient-funds')).sort()
  const n = Float64Array.from(by.get('none')).sort()
  let j = 0
  let below = 0
  for (const x of f) { while (j < n.length && n[j] < x) j++; below += j }
  console.log(`  amount as a detector of insufficient funds vs settled: AUC ${(below / f.length / n.length).toFixed(3)}; best precision of "amount >= x" over x in 0.1M..20M: ${Math.max(...[1e5, 2e5, 5e5, 1e6, 2e6, 5e6, 1e7, 2e7].map((x) => { const tp = f.filter((v) => v >= x).length; const fp = n.filter((v) => v >= x).length; return tp / (tp + fp) })).toFixed(3)} (base rate ${(f.length / (f.length + n.length)).toFixed(3)})`)
  const p = d.companions.participants
  const opening = num(p, 'openingBalance')
  const bic = str(p, 'bic')
  const thin = new Set(Array.from({ length: p.rows }, (_, k) => k).filter((k) => opening[k] < 5e6).map(bic))
  const debtor = str(t, 'debtorAgent')
  const settledByThin = share(rows, (i) => planted(i) === 'none' && thin.has(debtor(i))) / share(rows, (i) => planted(i) === 'none')
  const faultsByThin = share(rows, (i) => planted(i) === 'insufficient-funds' && thin.has(debtor(i))) / share(rows, (i) => planted(i) === 'insufficient-funds')
  const deep = Array.from(opening).filter((x) => x >= 5e6)
  console.log(`  participants ${p.rows}: ${thin.size} thin (openings ${Array.from(opening).filter((x) => x < 5e6).map((x) => (x / 1e6).toFixed(2) + 'M').join(', ')}), deep openings ${(Math.min(...deep) / 1e9).toFixed(2)}–${(Math.max(...deep) / 1e9).toFixed(2)}bn (median ${(median(deep) / 1e9).toFixed(2)}bn); thin participants send ${pct(settledByThin)} of settled instructions and ${pct(faultsByThin)} of insufficient-funds faults`)
}

if (on('market')) {
  const d = generateDataset({ kind: 'market-series', rows: 1_000_000, seed: 1, options: { instruments: 8 } })
  const t = d.evaluation
  const inst = str(t, 'instrument')
  const r = num(t, 'logReturn')
  const by = new Map()
  for (let i = 0; i < t.rows; i++) { const k = inst(i); if (!by.has(k)) by.set(k, []); by.get(k).push(Math.expm1(r[i])) }
  console.log(`market-series 1,000,000 rows (8 instruments) seed 1:`)
  for (const [k, a] of by) {
    const rest = a.slice(1)
    const m = rest.reduce((s, x) => s + x, 0) / rest.length
    const v = rest.reduce((s, x) => s + (x - m) ** 2, 0) / rest.length
    const kurt = rest.reduce((s, x) => s + (x - m) ** 4, 0) / rest.length / v ** 2
    console.log(`  ${k}: zero-return days ${pct(rest.filter((x) => x === 0).length / rest.length)}, daily sd ${pct(Math.sqrt(v))}, kurtosis ${kurt.toFixed(1)}, 0.1% quantile ${pct(quantile(rest, 0.001))}, min ${pct(quantile(rest, 0))}, max ${pct(quantile(rest, 1))}`)
  }
}
