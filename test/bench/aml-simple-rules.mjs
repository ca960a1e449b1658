// `node test/bench/aml-simple-rules.mjs [seed]` (after npx tsc -b): the built-in aml-monitoring's data (transactions,
// 50,000 + 50,000 rows, launderingRate 0.01, public seed), scored on the evaluation rows.
// Simple-rule search over planted laundering: single-feature thresholds (amount, counts, fan-in/out,
// velocity, near-threshold) and greedy unions of them; best recall at precision >= 0.9.
import { generateDataset } from '../../core/dist/index.js'
import { viewColumn, CNY_PER_UNIT } from '../../sdk/dist/index.js'
const seed = +(process.argv[2] ?? 7)
const d = generateDataset({ kind: 'transactions', rows: 50000, trainingRows: 50000, seed, options: { launderingRate: 0.01 } })
const T = d.training.rows, N = T + d.evaluation.rows
const col = (name) => { const a = viewColumn(d.training.columns[name]), b = viewColumn(d.evaluation.columns[name]); const o = new Float64Array(N); o.set(a); o.set(b, T); return o }
const dcol = (name) => { const c1 = d.training.columns[name], c2 = d.evaluation.columns[name]; const a = viewColumn(c1), b = viewColumn(c2); return (i) => i < T ? c1.dictionary[a[i]] : c2.dictionary[b[i - T]] }
const amount = col('amount'), ts = col('timestamp'), from = col('fromAccount'), to = col('toAccount'), laund = col('laundering')
const type = dcol('type'), cur = dcol('currency'), typ = dcol('typology')
const DAY = 86400000
const cny = Float64Array.from({ length: N }, (_, i) => amount[i] * CNY_PER_UNIT[cur(i)])
// per-account event lists (row indices, time order)
const outBy = new Map(), inBy = new Map()
for (let i = 0; i < N; i++) { if (from[i]) (outBy.get(from[i]) ?? outBy.set(from[i], []).get(from[i])).push(i); if (to[i]) (inBy.get(to[i]) ?? inBy.set(to[i], []).get(to[i])).push(i) }
function windowed(list, i, w, key) { // distinct key among list entries within ±w days of row i, and count
  const set = new Set(); let n = 0
  for (const j of list) { if (Math.abs(ts[j] - ts[i]) <= w * DAY) { set.add(key(j)); n++ } }
  return [set.size, n]
}
const W = [1, 3, 10]
const feats = {}
const add = (name, f) => { feats[name] = Float64Array.from({ length: N - T }, (_, k) => f(T + k)) }
add('amountCny', (i) => cny[i])
add('nearCash', (i) => (type(i) === 'cash-in' || type(i) === 'cash-out') && cny[i] >= 40000 && cny[i] < 50000 ? 1 : 0)
add('nearUsd', (i) => cur(i) !== 'CNY' && amount[i] * CNY_PER_UNIT[cur(i)] / CNY_PER_UNIT.USD >= 8000 && amount[i] * CNY_PER_UNIT[cur(i)] / CNY_PER_UNIT.USD < 10000 ? 1 : 0)
for (const w of W) {
  add(`fanOut${w}d`, (i) => from[i] ? windowed(outBy.get(from[i]), i, w, (j) => to[j])[0] : 0)
  add(`sendCount${w}d`, (i) => from[i] ? windowed(outBy.get(from[i]), i, w, (j) => j)[1] : 0)
  add(`fanIn${w}d`, (i) => to[i] ? windowed(inBy.get(to[i]), i, w, (j) => from[j])[0] : 0)
  add(`recvCount${w}d`, (i) => to[i] ? windowed(inBy.get(to[i]), i, w, (j) => j)[1] : 0)
  // pass-through: the payee pays out >= 90% of this amount within w days after
  add(`passOn${w}d`, (i) => { if (!to[i]) return 0; const l = outBy.get(to[i]) ?? []; let s = 0; for (const j of l) if (ts[j] > ts[i] && ts[j] - ts[i] <= w * DAY) s += cny[j]; return s >= 0.9 * cny[i] ? 1 : 0 })
  add(`passedIn${w}d`, (i) => { if (!from[i]) return 0; const l = inBy.get(from[i]) ?? []; let s = 0; for (const j of l) if (ts[j] < ts[i] && ts[i] - ts[j] <= w * DAY) s += cny[j]; return s >= 0.9 * cny[i] ? 1 : 0 })
}
const y = Uint8Array.from({ length: N - T }, (_, k) => laund[T + k])
const positives = y.reduce((s, v) => s + v, 0)
const isTransfer = Uint8Array.from({ length: N - T }, (_, k) => ['transfer', 'cross-border'].includes(type(T + k)) ? 1 : 0)
// candidate rules: feature >= t (with or without "transfer only" and an amount floor)
const cands = []
for (const [name, f] of Object.entries(feats)) {
  const values = [...new Set(Array.from(f))].sort((a, b) => a - b)
  const qs = name === 'amountCny' ? [0.5, 0.75, 0.9, 0.95, 0.99, 0.999].map((q) => { const s = Float64Array.from(f).sort(); return s[Math.floor(q * s.length)] }) : values.filter((v) => v > 0).slice(0, 15)
  for (const t of qs) for (const onlyTransfer of [0, 1]) for (const minAmt of [0, 5000, 20000]) {
    const set = new Uint8Array(N - T); let tp = 0, n = 0
    for (let k = 0; k < N - T; k++) if (f[k] >= t && (!onlyTransfer || isTransfer[k]) && feats.amountCny[k] >= minAmt) { set[k] = 1; n++; tp += y[k] }
    if (n > 0) cands.push({ rule: `${name} >= ${+t.toFixed(2)}${onlyTransfer ? ' & transfer' : ''}${minAmt ? ` & amount >= ${minAmt}` : ''}`, set, tp, n })
  }
}
// best single rule and greedy union keeping precision >= 0.9
const best1 = cands.filter((c) => c.tp / c.n >= 0.9).sort((a, b) => b.tp - a.tp)[0]
console.log(`seed ${seed}: ${positives} laundering of ${N - T} rows; ${cands.length} candidate rules`)
if (best1) console.log(`best single rule at precision>=0.9: ${best1.rule}: recall ${(best1.tp / positives).toFixed(3)} precision ${(best1.tp / best1.n).toFixed(3)}`)
function greedy(minPrecision) {
  const u = new Uint8Array(N - T); let tp = 0, n = 0; const chosen = []
  for (;;) {
    let bestGain = 0, pick = null, pickTp = 0, pickN = 0
    for (const c of cands) {
      let dtp = 0, dn = 0
      for (let k = 0; k < N - T; k++) if (c.set[k] && !u[k]) { dn++; dtp += y[k] }
      if (dtp === 0) continue
      if ((tp + dtp) / (n + dn) < minPrecision) continue
      if (dtp > bestGain) { bestGain = dtp; pick = c; pickTp = dtp; pickN = dn }
    }
    if (!pick || chosen.length >= 8) break
    for (let k = 0; k < N - T; k++) if (pick.set[k]) u[k] = 1
    tp += pickTp; n += pickN; chosen.push(pick.rule)
  }
  return { recall: tp / positives, precision: n ? tp / n : 0, chosen, tp, n }
}
const g = greedy(0.9)
console.log(`greedy union (<= 8 rules) at precision>=0.9: recall ${g.recall.toFixed(3)} (${g.tp} of ${positives}), precision ${g.precision.toFixed(3)}; rules: ${g.chosen.join(' | ')}`)
// precision needed for recall 1.0
const g0 = greedy(0)
console.log(`greedy union without a precision floor: recall ${g0.recall.toFixed(3)} precision ${g0.precision.toFixed(3)}`)
