/**
 * Runs one scenario bundle in a fresh isolated-vm isolate: seeded, clock fixed, no timers, no I/O.
 * Datasets go in as transferred ArrayBuffers; the output comes out as a structured copy. This file
 * and describe.ts are the only code that touches isolated-vm.
 */
import ivm from 'isolated-vm'
import { type RuntimePayload, type RuntimeResult, SCENARIO_FILENAME } from '@bund/sdk/runtime'
import type { TableData } from '@bund/sdk'
import { BundError } from '../errors.js'
import type { RunLimits } from './limits.js'
import { runtimeSource } from './runtime-source.js'

/** Resource use of one run. */
export interface Resources {
  wallMs: number
  cpuMs: number
  heapPeakBytes: number
}

export interface IsolateInput {
  bundle: string
  datasets: Record<string, { evaluation: TableData; training: TableData }>
  params: unknown
  seed: number
  /** The fixed clock the scenario sees, in ms since the epoch. */
  clockMs: number
  limits: RunLimits
  onProgress?: (fraction: number, message: string) => void
}

export type IsolateOutcome =
  | { ok: true; output: unknown; logs: RuntimeResult['logs']; logsTruncated: boolean; resources: Resources }
  | { ok: false; error: BundError; logs: RuntimeResult['logs']; logsTruncated: boolean; resources: Resources }

/** Every ArrayBuffer in the datasets, to transfer rather than copy. */
function buffersOf(datasets: IsolateInput['datasets']): ArrayBuffer[] {
  const out: ArrayBuffer[] = []
  for (const parts of Object.values(datasets)) {
    for (const table of [parts.evaluation, parts.training]) {
      for (const col of Object.values(table.columns)) out.push(col.buffer)
    }
  }
  return out
}

/** Maps an error raised by isolated-vm while running scenario code to a Bund error. */
function classify(e: unknown, isolate: ivm.Isolate, limits: RunLimits, stop: { reason?: 'wall' | 'cpu' }): BundError {
  const message = e instanceof Error ? e.message : String(e)
  if (stop.reason === 'cpu') return new BundError('SANDBOX_TIMEOUT', `the scenario used more than ${limits.cpuMs} ms of CPU time`)
  if (stop.reason === 'wall' || /timed out/i.test(message)) {
    return new BundError('SANDBOX_TIMEOUT', `the scenario ran longer than ${limits.wallMs} ms`)
  }
  if (/memory limit/i.test(message) || (isolate.isDisposed && /disposed/i.test(message))) {
    return new BundError('SANDBOX_MEMORY', `the scenario used more than ${limits.heapMb} MB of heap`)
  }
  if (/could not be cloned|#<Object> could not|DataCloneError/i.test(message)) {
    return new BundError('OUTPUT_INVALID', `the output is not plain data: ${message}`)
  }
  return new BundError('SCENARIO_THREW', message)
}

export async function runInIsolate(input: IsolateInput): Promise<IsolateOutcome> {
  const { limits } = input
  const isolate = new ivm.Isolate({ memoryLimit: limits.heapMb })
  const started = performance.now()
  const stop: { reason?: 'wall' | 'cpu' } = {}
  let logs: RuntimeResult['logs'] = []
  let logsTruncated = false
  // A watchdog for what the per-call timeout cannot see: async work and CPU time across calls.
  const watchdog = setInterval(() => {
    if (isolate.isDisposed) return
    if (Number(isolate.cpuTime) / 1e6 > limits.cpuMs) stop.reason = 'cpu'
    else if (performance.now() - started > limits.wallMs) stop.reason = 'wall'
    if (stop.reason !== undefined) isolate.dispose()
  }, 10)
  const resources = (): Resources => {
    let heapPeakBytes = 0
    let cpuMs = 0
    if (!isolate.isDisposed) {
      const heap = isolate.getHeapStatisticsSync()
      heapPeakBytes = heap.total_heap_size + heap.externally_allocated_size
      cpuMs = Number(isolate.cpuTime) / 1e6
    }
    return { wallMs: Math.round((performance.now() - started) * 100) / 100, cpuMs: Math.round(cpuMs * 100) / 100, heapPeakBytes }
  }
  try {
    const context = await isolate.createContext()
    const remaining = () => Math.max(1, Math.ceil(limits.wallMs - (performance.now() - started)))
    const runtime = await isolate.compileScript(runtimeSource(), { filename: 'bund-runtime.js' })
    const setup: ivm.Reference<(...args: unknown[]) => unknown> = await runtime.run(context, { reference: true, timeout: remaining() })
    const progress = new ivm.Callback((fraction: number, message: string) => input.onProgress?.(fraction, message), { ignored: true })
    const entry = await setup.apply(
      undefined,
      [input.seed, input.clockMs, progress],
      { result: { reference: true }, timeout: remaining() },
    )
    let scenario: ivm.Script
    try {
      scenario = await isolate.compileScript(input.bundle, { filename: SCENARIO_FILENAME })
    } catch (e) {
      return { ok: false, error: new BundError('SCENARIO_INVALID', `the bundle does not compile: ${(e as Error).message}`), logs, logsTruncated, resources: resources() }
    }
    await scenario.run(context, { timeout: remaining() })
    const payload: RuntimePayload = { datasets: input.datasets, params: input.params, seed: input.seed, logBytes: limits.logBytes }
    const transfer = new ivm.ExternalCopy(payload, { transferList: buffersOf(input.datasets) })
    const result = (await (entry as ivm.Reference<(payload: RuntimePayload) => Promise<RuntimeResult>>).apply(undefined, [transfer.copyInto({ transferIn: true, release: true })], {
      result: { promise: true, copy: true },
      timeout: remaining(),
    })) as RuntimeResult
    logs = Array.isArray(result?.logs) ? result.logs : []
    logsTruncated = result?.logsTruncated === true
    const used = resources()
    if (stop.reason !== undefined) return { ok: false, error: classify(new Error('stopped'), isolate, limits, stop), logs, logsTruncated, resources: used }
    if (result === null || typeof result !== 'object') {
      return { ok: false, error: new BundError('SCENARIO_INVALID', 'the runtime returned nothing'), logs, logsTruncated, resources: used }
    }
    if (!result.ok) {
      const { code, message, stack } = result.error
      return { ok: false, error: new BundError(code, message, stack === undefined ? undefined : { stack }), logs, logsTruncated, resources: used }
    }
    return { ok: true, output: result.output, logs, logsTruncated, resources: used }
  } catch (e) {
    if (e instanceof BundError) return { ok: false, error: e, logs, logsTruncated, resources: resources() }
    return { ok: false, error: classify(e, isolate, limits, stop), logs, logsTruncated, resources: resources() }
  } finally {
    clearInterval(watchdog)
    if (!isolate.isDisposed) isolate.dispose()
  }
}
