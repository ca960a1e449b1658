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
import { LRUCache } from 'lru-cache'
import ivm from './isolated-vm.js'

/** Distinct scripts kept; the least recently used is dropped first. */
const MAX_ENTRIES = 32
/** Bytes the cache may hold in all (source text kept as the key, plus cached data); the least recently used go first. */
export const CODE_CACHE_BYTES = 48 * 1024 * 1024
/** A script whose entry would be larger than this is compiled without a cache. */
const MAX_ENTRY_BYTES = 8 * 1024 * 1024

interface Entry {
  data: ivm.ExternalCopy<ArrayBuffer>
  /** What the entry costs: its key (UTF-16, at most 2 bytes a character) and its data. */
  bytes: number
  /** Produced before anything ran: holds no lazily compiled function yet. */
  cold: boolean
}

/** Least recently used first out; an entry's cached data is released as it leaves. */
const cache = new LRUCache<string, Entry>({
  max: MAX_ENTRIES,
  maxSize: CODE_CACHE_BYTES,
  sizeCalculation: (entry) => entry.bytes,
  dispose: (entry) => entry.data.release(),
})

/** isolated-vm sets these on the script (its typings leave them out). */
type CachedScript = ivm.Script & { cachedData?: ivm.ExternalCopy<ArrayBuffer>; cachedDataRejected?: boolean }

function remember(code: string, data: ivm.ExternalCopy<ArrayBuffer>, cold: boolean): void {
  const bytes = code.length * 2 + data.copy().byteLength
  if (bytes > MAX_ENTRY_BYTES) {
    cache.delete(code)
    data.release()
    return
  }
  cache.set(code, { data, cold, bytes })
}

/** What the whole cache holds, in bytes (for tests and diagnostics). */
export function codeCacheBytes(): number {
  return cache.calculatedSize
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
  if (code.length * 2 > MAX_ENTRY_BYTES) return isolate.compileScriptSync(code, { filename })
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
    if (cache.peek(code)?.cold !== true || isolate.isDisposed) continue
    const script: CachedScript = isolate.compileScriptSync(code, { filename, produceCachedData: true })
    if (script.cachedData !== undefined) remember(code, script.cachedData, false)
  }
}

/** What the cache holds for `code` (for tests and diagnostics): its size, and whether a run warmed it. */
export function codeCacheEntry(code: string): { bytes: number; warm: boolean } | undefined {
  const entry = cache.peek(code)
  return entry === undefined ? undefined : { bytes: entry.data.copy().byteLength, warm: !entry.cold }
}
