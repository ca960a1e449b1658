/**
 * One progress line across a run's executions: the main run and its probe re-runs (counterfactual
 * swaps, the determinism repeat) each fill their share of 0..1 in turn, so the figure an operator
 * sees never goes backwards, and each probe says which one it is ("probe 2 of 3").
 */
export type OnProgress = (fraction: number, message: string) => void

export interface RunProgress {
  /** The reporter for execution `index` (0 = the main run, 1.. = the probes). */
  execution(index: number): OnProgress
}

export function runProgress(onProgress: OnProgress, executions: number): RunProgress {
  const total = Math.max(1, executions)
  let last = 0
  const emit = (fraction: number, message: string) => {
    if (fraction < last) return
    last = fraction
    onProgress(fraction, message)
  }
  return {
    execution(index) {
      const label = index === 0 ? '' : `probe ${index} of ${total - 1}`
      if (index > 0) emit(index / total, label)
      return (f, m) => emit((index + Math.min(1, Math.max(0, f))) / total, label === '' ? m : m === '' ? label : `${label}: ${m}`)
    },
  }
}
