/**
 * Gradient-boosted decision trees for a binary outcome, in the manner of XGBoost and LightGBM's
 * histogram method: every input is cut once into at most `maxBins` quantile bins, and each split is
 * chosen from per-bin sums of the log-loss gradients and hessians (Newton boosting). Each tree sees
 * a random half of the rows (Friedman's stochastic gradient boosting), and a child's histogram is
 * the parent's minus its sibling's, so a tree costs about one pass over half the rows. Training
 * stops early when the loss on a validation set stops improving. Boosting may start from a base
 * margin — another model's log-odds per row, as XGBoost's `base_margin` — so the trees learn only
 * what that model misses. Deterministic for a given seed.
 */

/** Hyper-parameters; the defaults suit tabular credit data of a few thousand rows. */
export interface BoostingOptions {
  rounds: number
  learningRate: number
  depth: number
  /** Fewest training rows a leaf may hold. */
  minLeaf: number
  /** L2 penalty on leaf values. */
  lambda: number
  /** Stop after this many rounds without a better validation loss. */
  patience: number
  maxBins: number
  /** Share of the training rows each tree is grown on. */
  subsample: number
  /** Seeds the row sampling. */
  seed: number
}

export const DEFAULT_BOOSTING: BoostingOptions = { rounds: 300, learningRate: 0.08, depth: 3, minLeaf: 40, lambda: 1, patience: 25, maxBins: 32, subsample: 0.5, seed: 1 }

/** A tree node: a split (`feature` ≥ 0: rows whose bin ≤ `bin` go left) or a leaf (`feature` = -1). */
interface Node {
  feature: number
  bin: number
  left: number
  right: number
  value: number
  /** The loss reduction the split gave (0 for a leaf). */
  gain: number
}

/** A fitted ensemble: bin edges per feature, a constant log-odds added to the margin, and the trees. */
export interface Booster {
  edges: Float64Array[]
  base: number
  learningRate: number
  trees: Node[][]
  /** Total split gain per feature: how much each input mattered. */
  importance: Float64Array
  /** Validation log-loss after each kept round. */
  validationLoss: number[]
}

/** Column-major inputs: one Float64Array per feature, all of the same length. */
export type Columns = readonly Float64Array[]

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z))

/** Quantile cut points of each feature: bin b holds values below edges[b]; the last bin the rest. */
function fitEdges(x: Columns, rows: ArrayLike<number>, maxBins: number): Float64Array[] {
  return x.map((column) => {
    const values = Float64Array.from(rows, (r) => column[r]!).sort()
    const edges: number[] = []
    for (let k = 1; k < maxBins; k++) {
      const v = values[Math.floor((k * values.length) / maxBins)]!
      if (v > values[0]! && (edges.length === 0 || v > edges[edges.length - 1]!)) edges.push(v)
    }
    return Float64Array.from(edges)
  })
}

/** The bin code of every value of every feature. */
function binAll(x: Columns, edges: readonly Float64Array[]): Uint8Array[] {
  return x.map((column, f) => {
    const e = edges[f]!
    const codes = new Uint8Array(column.length)
    for (let i = 0; i < column.length; i++) {
      const v = column[i]!
      let lo = 0
      let hi = e.length
      while (lo < hi) {
        const mid = (lo + hi) >> 1
        if (v >= e[mid]!) lo = mid + 1
        else hi = mid
      }
      codes[i] = lo
    }
    return codes
  })
}

/** Bin codes row-major (rows × features), so building a histogram reads each row once. */
function rowMajor(codes: readonly Uint8Array[]): Uint8Array {
  const k = codes.length
  const rows = codes[0]?.length ?? 0
  const out = new Uint8Array(rows * k)
  for (let j = 0; j < k; j++) {
    const c = codes[j]!
    for (let i = 0; i < rows; i++) out[i * k + j] = c[i]!
  }
  return out
}

/** Per-bin sums of gradients, hessians and row counts: feature f, bin b at f × maxBins + b. */
interface Histogram {
  g: Float64Array
  h: Float64Array
  n: Int32Array
}

/** Grows one tree on the rows given, depth-first, from gradient and hessian sums per bin. */
function growTree(codes: Uint8Array, k: number, bins: readonly number[], g: Float64Array, h: Float64Array, rows: Int32Array, o: BoostingOptions): Node[] {
  const nodes: Node[] = []
  const B = o.maxBins
  const histogram = (members: Int32Array): Histogram => {
    const hist = { g: new Float64Array(k * B), h: new Float64Array(k * B), n: new Int32Array(k * B) }
    const { g: hg, h: hh, n: hn } = hist
    for (let m = 0; m < members.length; m++) {
      const r = members[m]!
      const gr = g[r]!
      const hr = h[r]!
      const base = r * k
      for (let j = 0; j < k; j++) {
        const idx = j * B + codes[base + j]!
        hg[idx] = hg[idx]! + gr
        hh[idx] = hh[idx]! + hr
        hn[idx] = hn[idx]! + 1
      }
    }
    return hist
  }
  const minus = (a: Histogram, b: Histogram): Histogram => {
    const out = { g: new Float64Array(k * B), h: new Float64Array(k * B), n: new Int32Array(k * B) }
    for (let i = 0; i < k * B; i++) {
      out.g[i] = a.g[i]! - b.g[i]!
      out.h[i] = a.h[i]! - b.h[i]!
      out.n[i] = a.n[i]! - b.n[i]!
    }
    return out
  }
  const grow = (members: Int32Array, depth: number, given: Histogram | undefined): number => {
    const n = members.length
    let G = 0
    let H = 0
    for (let m = 0; m < n; m++) {
      const r = members[m]!
      G += g[r]!
      H += h[r]!
    }
    const at = nodes.length
    nodes.push({ feature: -1, bin: 0, left: -1, right: -1, value: -G / (H + o.lambda), gain: 0 })
    if (depth === o.depth || n < 2 * o.minLeaf) return at
    const hist = given ?? histogram(members)
    const parent = (G * G) / (H + o.lambda)
    let bestGain = 1e-9
    let bestFeature = -1
    let bestBin = 0
    for (let f = 0; f < k; f++) {
      let gl = 0
      let hl = 0
      let nl = 0
      for (let b = 0; b < bins[f]! - 1; b++) {
        gl += hist.g[f * B + b]!
        hl += hist.h[f * B + b]!
        nl += hist.n[f * B + b]!
        if (nl < o.minLeaf) continue
        if (n - nl < o.minLeaf) break
        const gr = G - gl
        const hr = H - hl
        const gain = (gl * gl) / (hl + o.lambda) + (gr * gr) / (hr + o.lambda) - parent
        if (gain > bestGain) {
          bestGain = gain
          bestFeature = f
          bestBin = b
        }
      }
    }
    if (bestFeature < 0) return at
    let nLeft = 0
    for (let m = 0; m < n; m++) if (codes[members[m]! * k + bestFeature]! <= bestBin) nLeft++
    const left = new Int32Array(nLeft)
    const right = new Int32Array(n - nLeft)
    let l = 0
    let rr = 0
    for (let m = 0; m < n; m++) {
      const r = members[m]!
      if (codes[r * k + bestFeature]! <= bestBin) left[l++] = r
      else right[rr++] = r
    }
    // Children that will split need histograms: build the smaller one's, subtract for the other.
    let leftHist: Histogram | undefined
    let rightHist: Histogram | undefined
    if (depth + 1 < o.depth) {
      if (nLeft <= n - nLeft) {
        leftHist = histogram(left)
        rightHist = minus(hist, leftHist)
      } else {
        rightHist = histogram(right)
        leftHist = minus(hist, rightHist)
      }
    }
    const node = nodes[at]!
    node.feature = bestFeature
    node.bin = bestBin
    node.gain = bestGain
    node.left = grow(left, depth + 1, leftHist)
    node.right = grow(right, depth + 1, rightHist)
    return at
  }
  grow(rows, 0, undefined)
  return nodes
}

/** The tree's leaf value for row `i` of row-major codes with `k` features. */
function treeValue(tree: readonly Node[], codes: Uint8Array, k: number, i: number): number {
  let n = tree[0]!
  while (n.feature >= 0) n = tree[codes[i * k + n.feature]! <= n.bin ? n.left : n.right]!
  return n.value
}

/** Mean log-loss of log-odds `z` against labels, over the rows given. */
export function logLoss(z: Float64Array, y: ArrayLike<number>, rows: ArrayLike<number>): number {
  let sum = 0
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k]!
    const p = Math.min(1 - 1e-12, Math.max(1e-12, sigmoid(z[r]!)))
    sum -= y[r]! === 1 ? Math.log(p) : Math.log(1 - p)
  }
  return sum / rows.length
}

/**
 * Fits the ensemble on the `train` rows of `x` and `y`, keeping the number of rounds that gave the
 * lowest log-loss on the `valid` rows. `margin` is the starting log-odds of every row (default: the
 * training default rate's).
 */
export function fitBooster(x: Columns, y: ArrayLike<number>, train: Int32Array, valid: Int32Array, options: Partial<BoostingOptions> = {}, margin?: Float64Array): Booster {
  const o = { ...DEFAULT_BOOSTING, ...options }
  const edges = fitEdges(x, train, o.maxBins)
  const k = x.length
  const codes = rowMajor(binAll(x, edges))
  const bins = edges.map((e) => e.length + 1)
  const rows = y.length
  let base = 0
  if (margin === undefined) {
    let positives = 0
    for (const r of train) positives += y[r]!
    const rate = Math.min(1 - 1e-6, Math.max(1e-6, positives / train.length))
    base = Math.log(rate / (1 - rate))
  }
  const z = margin === undefined ? new Float64Array(rows).fill(base) : Float64Array.from(margin)
  const g = new Float64Array(rows)
  const h = new Float64Array(rows)
  const trees: Node[][] = []
  const losses: number[] = []
  let best = { loss: logLoss(z, y, valid), rounds: 0 }
  const sample = new Int32Array(train.length)
  let state = o.seed >>> 0 || 1
  for (let round = 0; round < o.rounds && round - best.rounds < o.patience; round++) {
    let size = 0
    for (let m = 0; m < train.length; m++) {
      // xorshift32: a cheap, seeded draw per row and round.
      state ^= state << 13
      state ^= state >>> 17
      state ^= state << 5
      if ((state >>> 0) / 0x1_0000_0000 >= o.subsample) continue
      const r = train[m]!
      sample[size++] = r
      const p = sigmoid(z[r]!)
      g[r] = p - y[r]!
      h[r] = Math.max(p * (1 - p), 1e-6)
    }
    const tree = growTree(codes, k, bins, g, h, sample.subarray(0, size), o)
    for (let i = 0; i < rows; i++) z[i]! += o.learningRate * treeValue(tree, codes, k, i)
    trees.push(tree)
    const loss = logLoss(z, y, valid)
    losses.push(loss)
    if (loss < best.loss) best = { loss, rounds: trees.length }
  }
  const kept = trees.slice(0, best.rounds)
  const importance = new Float64Array(x.length)
  for (const tree of kept) for (const n of tree) if (n.feature >= 0) importance[n.feature]! += n.gain
  return { edges, base, learningRate: o.learningRate, trees: kept, importance, validationLoss: losses.slice(0, best.rounds) }
}

/** Probability of the outcome for every row of `x`, boosted from `margin` when the fit was. */
export function predict(booster: Booster, x: Columns, margin?: Float64Array): Float64Array {
  const k = x.length
  const codes = rowMajor(binAll(x, booster.edges))
  const rows = x[0]?.length ?? 0
  const p = new Float64Array(rows)
  for (let i = 0; i < rows; i++) {
    let z = booster.base + (margin?.[i] ?? 0)
    for (const tree of booster.trees) z += booster.learningRate * treeValue(tree, codes, k, i)
    p[i] = sigmoid(z)
  }
  return p
}
