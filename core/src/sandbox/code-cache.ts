/**
 * V8 code cache for the scripts every run compiles (the runtime, and each scenario bundle), kept
 * per worker process. Compiling the 800 KB credit-scoring bundle takes ~20 ms cold and ~1.5 ms
 * with cached data. The cache holds compiled code only (bytecode, checked by V8 against the
 * source), never heap state: each run still gets a fresh isolate.
 *
 * Cached data produced at compile time holds only the top-level code: every inner function is
 * still compiled lazily on first call, in every run (~1.3 ms of an empty run, most of its entry
 * call). So after the first run that completes, the entry is produced again from that isolate,
 * where V8's compilation cache returns the same script with the functions the run compiled.
 */
import ivm from './isolated-vm.js'

/** Distinct scripts kept; the oldest is dropped first. */
const MAX_ENTRIES = 32

interface Entry {
  data: ivm.ExternalCopy<ArrayBuffer>
  /** Produced before anything ran: holds no lazily compiled function yet. */
  cold: boolean
}

const cache = new Map<string, Entry>()

/** isolated-vm sets these on the script (its typings leave them out). */
type CachedScript = ivm.Script & { cachedData?: ivm.ExternalCopy<ArrayBuffer>; cachedDataRejected?: boolean }

function remember(code: string, data: ivm.ExternalCopy<ArrayBuffer>, cold: boolean): void {
  cache.get(code)?.data.release()
  cache.delete(code)
  cache.set(code, { data, cold })
  if (cache.size > MAX_ENTRIES) {
    const oldest = cache.keys().next().value as string
    cache.get(oldest)?.data.release()
    cache.delete(oldest)
  }
}

/**
 * Compiles `code` in `isolate`, using (or producing) cached data for the same source text.
 * Synchronous: compiling runs no scenario code, and a thread hop per step costs more than it saves.
 */
export function compileCachedSync(isolate: ivm.Isolate, code: string, filename: string): ivm.Script {
  const cached = cache.get(code)
  if (cached !== undefined) {
    const script: CachedScript = isolate.compileScriptSync(code, { filename, cachedData: cached.data })
    if (script.cachedDataRejected === true) cache.delete(code)
    return script
  }
  const script: CachedScript = isolate.compileScriptSync(code, { filename, produceCachedData: true })
  if (script.cachedData !== undefined) remember(code, script.cachedData, true)
  return script
}

/**
 * After a run completed in `isolate`: replaces the cold entries of `scripts` (compiled there with
 * these filenames) by cached data that includes the functions the run compiled. Done once per
 * script; compiling the same source again in the same isolate runs nothing.
 */
export function warmCodeCache(isolate: ivm.Isolate, scripts: { code: string; filename: string }[]): void {
  for (const { code, filename } of scripts) {
    if (cache.get(code)?.cold !== true || isolate.isDisposed) continue
    const script: CachedScript = isolate.compileScriptSync(code, { filename, produceCachedData: true })
    if (script.cachedData !== undefined) remember(code, script.cachedData, false)
  }
}

/** What the cache holds for `code` (for tests and diagnostics): its size, and whether a run warmed it. */
export function codeCacheEntry(code: string): { bytes: number; warm: boolean } | undefined {
  const entry = cache.get(code)
  return entry === undefined ? undefined : { bytes: entry.data.copy().byteLength, warm: !entry.cold }
}
