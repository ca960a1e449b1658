/** Validation figures the scenario computes on its own held-out training rows (it never sees the evaluation labels). */

/** Area under the ROC curve (the Mann–Whitney U statistic, ties counted half), over the rows given. */
export function auc(score: Float64Array, label: ArrayLike<number>, rows: ArrayLike<number>): number {
  const order = Array.from(rows).sort((a, b) => score[a]! - score[b]!)
  let positives = 0
  let rankSum = 0
  for (let i = 0; i < order.length; ) {
    let j = i
    while (j < order.length && score[order[j]!] === score[order[i]!]) j++
    const midRank = (i + j + 1) / 2
    for (let k = i; k < j; k++) {
      if (label[order[k]!] === 1) {
        positives++
        rankSum += midRank
      }
    }
    i = j
  }
  const negatives = order.length - positives
  if (positives === 0 || negatives === 0) return Number.NaN
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives)
}
