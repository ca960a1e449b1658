/** The resource limits of one run. */
export interface RunLimits {
  /** Isolate heap, in MB (ArrayBuffers count against it too). */
  heapMb: number
  /** Wall-clock time of the scenario's code, in ms. */
  wallMs: number
  /** CPU time of the scenario's code, in ms. */
  cpuMs: number
  /** Encoded size of the output, in bytes. */
  outputBytes: number
  /** Total size of the captured log, in bytes. */
  logBytes: number
}

export const DEFAULT_LIMITS: RunLimits = {
  heapMb: 128,
  wallMs: 10_000,
  cpuMs: 10_000,
  outputBytes: 64 * 1024 * 1024,
  logBytes: 64 * 1024,
}

/** The operator's ceiling: what a scenario may ask for at most. */
export const MAX_LIMITS: RunLimits = {
  heapMb: 1024,
  wallMs: 60_000,
  cpuMs: 60_000,
  outputBytes: 256 * 1024 * 1024,
  logBytes: 1024 * 1024,
}

/** Defaults, overridden by what the scenario asks for, capped by the operator's ceiling. */
export function resolveLimits(requested: Partial<RunLimits> = {}, overrides: Partial<RunLimits> = {}, ceiling: RunLimits = MAX_LIMITS): RunLimits {
  const merged = { ...DEFAULT_LIMITS, ...stripUndefined(requested), ...stripUndefined(overrides) }
  return {
    heapMb: Math.min(merged.heapMb, ceiling.heapMb),
    wallMs: Math.min(merged.wallMs, ceiling.wallMs),
    cpuMs: Math.min(merged.cpuMs, ceiling.cpuMs),
    outputBytes: Math.min(merged.outputBytes, ceiling.outputBytes),
    logBytes: Math.min(merged.logBytes, ceiling.logBytes),
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>
}
