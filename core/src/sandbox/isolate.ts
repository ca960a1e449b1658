/**
 * Runs one scenario bundle in a fresh isolated-vm isolate: seeded, clock fixed, no timers, no I/O.
 * Datasets go in as transferred ArrayBuffers; the output comes out as a structured copy, checked
 * as plain data inside the isolate first and validated again here. Nothing of isolated-vm reaches
 * scenario code: the one host Callback (progress) lives in the runtime's closure. This file and
 * describe.ts are the only code that runs isolates.
 */
import ivm from './isolated-vm.js'
import { type ReadSet, type RuntimePayload, type RuntimeResult, RUNTIME_FILENAME, SCENARIO_FILENAME, checkOutput } from '@bund/sdk/runtime'
import { type ColumnData, type TableData, bytesPerElement } from '@bund/sdk'
import { BundError } from '../kernel/index.js'
import type { Resources } from '../model/index.js'
import { compileCachedSync, warmCodeCache } from './code-cache.js'
import type { RunLimits } from './limits.js'
import { parseRuntimeResult } from './runtime-result.js'
import { runtimeSource } from './runtime-source.js'
import { prepareSpare, takeIsolate } from './spare-isolate.js'

/** Resource use of one run. */
export interface IsolateInput {
  bundle: string
  /** Per dataset: its partitions and companion tables. Their buffers are transferred (detached here). */
  datasets: RuntimePayload['datasets']
  params: unknown
  seed: number
  /** The fixed clock the scenario sees, in ms since the epoch. */
  clockMs: number
  limits: RunLimits
  onProgress?: (fraction: number, message: string) => void
}

export type IsolateOutcome =
  | { ok: true; output: unknown; logs: RuntimeResult['logs']; logsTruncated: boolean; resources: Resources; reads: ReadSet }
  | { ok: false; error: BundError; logs: RuntimeResult['logs']; logsTruncated: boolean; resources: Resources }

/** Progress messages forwarded per run at most (the runtime already limits them to ~100). */
const MAX_PROGRESS = 200
/** Error messages from the isolate are cut to this length. */
const MAX_MESSAGE = 2000

/** Every table of the datasets. */
function tablesOf(datasets: IsolateInput['datasets']): TableData[] {
  return Object.values(datasets).flatMap((parts) => [parts.evaluation, parts.training, ...Object.values(parts.related ?? {})])
}

/**
 * The buffers to transfer. A buffer larger than its column (a view over a bigger allocation) or
 * used twice is replaced by an exact copy first, so the scenario sees its own rows and no more.
 */
function transferableBuffers(datasets: IsolateInput['datasets']): ArrayBuffer[] {
  const seen = new Set<ArrayBuffer>()
  for (const table of tablesOf(datasets)) {
    for (const col of Object.values(table.columns) as ColumnData[]) {
      const bytes = table.rows * bytesPerElement(col.type, col.dictionary?.length ?? 0)
      if (col.buffer.byteLength !== bytes || seen.has(col.buffer)) col.buffer = col.buffer.slice(0, bytes)
      seen.add(col.buffer)
    }
  }
  return [...seen]
}

/** Forwards well-formed progress only, and not too much of it, whatever the isolate sends. */
function progressGuard(onProgress: IsolateInput['onProgress']): (fraction: unknown, message: unknown) => void {
  let sent = 0
  return (fraction, message) => {
    if (typeof fraction !== 'number' || !(fraction >= 0 && fraction <= 1) || typeof message !== 'string') return
    if (++sent > MAX_PROGRESS) return
    onProgress?.(fraction, message.slice(0, 200))
  }
}

/** Share of the heap limit in use at which a refused ArrayBuffer allocation counts as the heap limit. */
const NEAR_LIMIT = 0.75

/** Where a run stood when isolated-vm raised: the class of a failure is read from this, never from a message. */
interface RunState {
  /** The watchdog stopped the run. */
  stop?: 'wall' | 'cpu'
  /** The step that was running. */
  phase: 'top-level' | 'run' | 'copy'
}

/**
 * Maps an error raised by isolated-vm while running scenario code to a Bund error, from the
 * isolate's state and the host's own clock: the message is the scenario's to write, so it only
 * ever becomes the text of SCENARIO_THREW.
 */
function classify(e: unknown, isolate: ivm.Isolate, limits: RunLimits, state: RunState, elapsedMs: number): BundError {
  if (state.stop === 'cpu') return new BundError('SANDBOX_TIMEOUT', `the scenario used more than ${limits.cpuMs} ms of CPU time`)
  // A per-call timeout ends the call when the wall limit is reached; the host's clock says whether it was.
  if (state.stop === 'wall' || elapsedMs >= limits.wallMs - TIMER_SLACK_MS) return new BundError('SANDBOX_TIMEOUT', `the scenario ran longer than ${limits.wallMs} ms`)
  // isolated-vm disposes an isolate that reached its memory limit; nothing else disposes it mid-run.
  if (isolate.isDisposed) return new BundError('SANDBOX_MEMORY', `the scenario used more than ${limits.heapMb} MB of heap`)
  const message = (e instanceof Error ? e.message : String(e)).slice(0, MAX_MESSAGE)
  if (state.phase === 'copy') return new BundError('OUTPUT_INVALID', `the output is not plain data: it could not be copied out of the sandbox (${message})`)
  return new BundError('SCENARIO_THREW', message)
}

/** Early firing of isolated-vm's per-call timeout that still counts as the wall limit. */
const TIMER_SLACK_MS = 10

/** The heap in use (JS heap and ArrayBuffers) as a share of the limit. */
function heapShare(isolate: ivm.Isolate, limits: RunLimits): number {
  if (isolate.isDisposed) return 1
  const heap = isolate.getHeapStatisticsSync()
  return (heap.used_heap_size + heap.externally_allocated_size) / (limits.heapMb * 1024 * 1024)
}

/** The runtime's verdict on a failed run, as a Bund error. */
function runtimeError(error: Extract<RuntimeResult, { ok: false }>['error'], isolate: ivm.Isolate, limits: RunLimits): BundError {
  // An ArrayBuffer the isolate's allocator refused is the heap limit, even if the scenario caught
  // it, when the heap is in fact nearly full: the message alone is the scenario's to write.
  if (error.code === 'SCENARIO_THREW' && /Array buffer allocation failed/.test(error.message) && heapShare(isolate, limits) >= NEAR_LIMIT) {
    return new BundError('SANDBOX_MEMORY', `the scenario used more than ${limits.heapMb} MB of heap (an ArrayBuffer allocation failed)`)
  }
  return new BundError(error.code, error.message, error.stack === undefined ? undefined : { stack: error.stack })
}

export async function runInIsolate(input: IsolateInput): Promise<IsolateOutcome> {
  const { limits } = input
  const started = performance.now()
  const { isolate, context, setup } = await takeIsolate(limits.heapMb)
  // The next run's isolate is made while this one runs (its scenario code runs on the isolate's own
  // thread), so a worker taking runs back to back finds it ready instead of waiting ~2.5 ms for it.
  prepareSpare(limits.heapMb)
  const state: RunState = { phase: 'top-level' }
  let logs: RuntimeResult['logs'] = []
  let logsTruncated = false
  // A watchdog for what the per-call timeout cannot see: async work and CPU time across calls.
  const watchdog = setInterval(() => {
    if (isolate.isDisposed) return
    if (Number(isolate.cpuTime) / 1e6 > limits.cpuMs) state.stop = 'cpu'
    else if (performance.now() - started > limits.wallMs) state.stop = 'wall'
    if (state.stop !== undefined) isolate.dispose()
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
  const failed = (error: BundError): IsolateOutcome => ({ ok: false, error, logs, logsTruncated, resources: resources() })
  try {
    const remaining = () => Math.max(1, Math.ceil(limits.wallMs - (performance.now() - started)))
    // The runtime's setup and the compile run no scenario code: synchronous, no thread hop. The
    // per-call timeouts and the watchdog bound the bundle's top-level code, its entry and the seal.
    const progress = new ivm.Callback(progressGuard(input.onProgress), { ignored: true })
    const runtime = setup.applySync(undefined, [input.seed, input.clockMs, progress], {
      result: { reference: true },
      timeout: remaining(),
    }) as ivm.Reference<Record<string, unknown>>
    setup.release()
    // Read before any scenario code ran: the runtime's object is prototype-less and not shared.
    const entry = runtime.getSync('entry', { reference: true }) as ivm.Reference<(payload: RuntimePayload) => Promise<RuntimeResult>>
    const seal = runtime.getSync('seal', { reference: true }) as ivm.Reference<(result: RuntimeResult, outputBytes: number) => RuntimeResult>
    runtime.release()
    let scenario: ivm.Script
    try {
      scenario = compileCachedSync(isolate, input.bundle, SCENARIO_FILENAME)
    } catch (e) {
      return failed(new BundError('SCENARIO_INVALID', `the bundle does not compile: ${(e as Error).message.slice(0, MAX_MESSAGE)}`))
    }
    // Scenario code runs only in async calls: isolated-vm reports a catastrophic error on this
    // thread, which a synchronous call would hold until the pool's deadline.
    await scenario.run(context, { timeout: remaining() })
    state.phase = 'run'
    const payload: RuntimePayload = {
      datasets: input.datasets,
      params: input.params,
      seed: input.seed,
      logBytes: limits.logBytes,
      outputBytes: limits.outputBytes,
    }
    const transfer = new ivm.ExternalCopy(payload, { transferList: transferableBuffers(input.datasets) })
    // The result stays in the isolate until `seal` has checked it and made the copy no scenario code holds.
    const pending = (await entry.apply(undefined, [transfer.copyInto({ transferIn: true, release: true })], {
      result: { promise: true, reference: true },
      timeout: remaining(),
    })) as unknown as ivm.Reference<RuntimeResult>
    entry.release()
    if (state.stop !== undefined) return failed(classify(new Error('stopped'), isolate, limits, state, performance.now() - started))
    state.phase = 'copy'
    const raw: unknown = await seal.apply(undefined, [pending.derefInto(), limits.outputBytes], { result: { copy: true }, timeout: remaining() })
    pending.release()
    seal.release()
    const result = parseRuntimeResult(raw, limits.logBytes)
    if (result === undefined) {
      return failed(new BundError('OUTPUT_INVALID', 'the run did not end in the runtime’s result shape: scenario code tampered with the runtime'))
    }
    logs = result.logs
    logsTruncated = result.logsTruncated
    if (!result.ok) return failed(runtimeError(result.error, isolate, limits))
    // Checked again on this side: the runtime shares its heap with the scenario and is not trusted.
    const problem = checkOutput(result.output, limits.outputBytes)
    if (problem !== undefined) return failed(new BundError(problem.code, problem.message))
    try {
      warmCodeCache(isolate, [{ code: runtimeSource(), filename: RUNTIME_FILENAME }, { code: input.bundle, filename: SCENARIO_FILENAME }])
    } catch {
      // The cold cache still works.
    }
    return { ok: true, output: result.output, logs, logsTruncated, resources: resources(), reads: result.reads ?? {} }
  } catch (e) {
    if (e instanceof BundError) return failed(e)
    return failed(classify(e, isolate, limits, state, performance.now() - started))
  } finally {
    clearInterval(watchdog)
    // Disposing takes 1-2 ms: done right after the outcome is handed on, not before.
    if (!isolate.isDisposed) setImmediate(() => isolate.isDisposed || isolate.dispose())
  }
}
