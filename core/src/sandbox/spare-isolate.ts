/**
 * A fresh isolate made ahead of time. Creating an isolate and a context and loading the runtime
 * costs ~2.5 ms; doing it while the current run's scenario code runs (on its isolate's thread) or
 * while the worker is idle takes that off the next run's path. The context and the runtime are
 * made on the isolate's own thread (async), so the worker's main thread is free to take the next
 * job meanwhile. The spare has run nothing but the runtime: it is as fresh as one made on demand,
 * and it is used once.
 */
import ivm from './isolated-vm.js'
import { RUNTIME_FILENAME } from '@bund/sdk/runtime'
import { catastrophe } from './catastrophe.js'
import { compileCachedSync } from './code-cache.js'
import { runtimeSource } from './runtime-source.js'

/** An isolate with a context in which the runtime has been evaluated, its `setup` not yet called. */
export interface PreparedIsolate {
  isolate: ivm.Isolate
  context: ivm.Context
  setup: ivm.Reference<(...args: unknown[]) => unknown>
  heapMb: number
}

/** The spare being made or made (undefined when its preparation failed). */
let spare: Promise<PreparedIsolate | undefined> | undefined
let pending: NodeJS.Immediate | undefined

/** Time the runtime script may take to evaluate. */
const RUNTIME_TIMEOUT_MS = 2000

function newIsolate(heapMb: number): ivm.Isolate {
  return new ivm.Isolate({ memoryLimit: heapMb, onCatastrophicError: catastrophe })
}

function prepare(heapMb: number): PreparedIsolate {
  const isolate = newIsolate(heapMb)
  try {
    const context = isolate.createContextSync()
    const setup = compileCachedSync(isolate, runtimeSource(), RUNTIME_FILENAME).runSync(context, { reference: true, timeout: RUNTIME_TIMEOUT_MS })
    return { isolate, context, setup, heapMb }
  } catch (e) {
    isolate.dispose()
    throw e
  }
}

async function prepareInBackground(heapMb: number): Promise<PreparedIsolate | undefined> {
  const isolate = newIsolate(heapMb)
  try {
    const context = await isolate.createContext()
    const script = compileCachedSync(isolate, runtimeSource(), RUNTIME_FILENAME)
    const setup = (await script.run(context, { reference: true, timeout: RUNTIME_TIMEOUT_MS })) as PreparedIsolate['setup']
    return { isolate, context, setup, heapMb }
  } catch {
    // Made on demand next time instead.
    if (!isolate.isDisposed) isolate.dispose()
    return undefined
  }
}

/** A prepared isolate with this heap limit: the spare when it fits, else a new one. */
export async function takeIsolate(heapMb: number): Promise<PreparedIsolate> {
  if (pending !== undefined) {
    // Not started yet: made right here instead.
    clearImmediate(pending)
    pending = undefined
  }
  const coming = spare
  spare = undefined
  const ready = coming === undefined ? undefined : await coming
  if (ready !== undefined && ready.heapMb === heapMb && !ready.isolate.isDisposed) return ready
  if (ready !== undefined && !ready.isolate.isDisposed) ready.isolate.dispose()
  return prepare(heapMb)
}

/** Prepares the next run's isolate once the event loop is free (the same limit as the run that asks). */
export function prepareSpare(heapMb: number): void {
  if (spare !== undefined || pending !== undefined) return
  pending = setImmediate(() => {
    pending = undefined
    if (spare === undefined) spare = prepareInBackground(heapMb)
  })
  pending.unref()
}
