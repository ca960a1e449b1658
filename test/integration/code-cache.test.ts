import { describe, expect, it } from 'vitest'
import {
  ivm,
  SCENARIO_CLOCK_MS,
  codeCacheEntry,
  codeCacheBytes,
  compileCachedSync,
  CODE_CACHE_BYTES,
  copyTable,
  datasetSeed,
  generateDataset,
  loadScenarioDir,
  resolveLimits,
  runInIsolate,
  runtimeSource,
  visibleEvaluation,
} from '@bund/core'
import { RUNTIME_FILENAME } from '@bund/sdk/runtime'
import { fixture } from '../helpers/cli.js'

/** Size of the cached data V8 produces at compile time, before anything ran. */
function coldBytes(code: string, filename: string): number {
  const isolate = new ivm.Isolate({ memoryLimit: 32 })
  try {
    const script = isolate.compileScriptSync(code, { filename, produceCachedData: true }) as ivm.Script & { cachedData?: ivm.ExternalCopy<ArrayBuffer> }
    return script.cachedData?.copy().byteLength ?? 0
  } finally {
    isolate.dispose()
  }
}

describe('the code cache', () => {
  it('is produced again after the first completed run, with the functions that run compiled', async () => {
    const scenario = loadScenarioDir(fixture('echo-random'))
    const generated = generateDataset({ kind: 'credit-applicants', rows: 50, trainingRows: 0, seed: datasetSeed(3, 'applicants') })
    const run = () =>
      runInIsolate({
        bundle: scenario.bundle,
        datasets: { applicants: { evaluation: copyTable(visibleEvaluation(generated)), training: copyTable(generated.training) } },
        params: {},
        seed: 3,
        clockMs: SCENARIO_CLOCK_MS,
        limits: resolveLimits(),
      })
    expect(codeCacheEntry(scenario.bundle)).toBeUndefined()
    const first = await run()
    if (!first.ok) throw new Error(first.error.message)
    const runtime = codeCacheEntry(runtimeSource())
    const bundle = codeCacheEntry(scenario.bundle)
    expect(runtime?.warm).toBe(true)
    expect(bundle?.warm).toBe(true)
    // Cold data holds the top-level code only; after the run it also holds the functions it compiled.
    expect(runtime!.bytes).toBeGreaterThan(coldBytes(runtimeSource(), RUNTIME_FILENAME))
    // Later runs use it (not rejected, not replaced) and give the same result.
    const second = await run()
    if (!second.ok) throw new Error(second.error.message)
    expect(second.output).toEqual(first.output)
    expect(codeCacheEntry(scenario.bundle)).toEqual(bundle)
    expect(codeCacheEntry(runtimeSource())).toEqual(runtime)
  })
})

describe('the code cache in bytes', () => {
  it('stays within CODE_CACHE_BYTES however many large bundles it sees, and does not keep one over its entry bound', () => {
    const isolate = new ivm.Isolate({ memoryLimit: 64 })
    try {
      // Twelve distinct ~1.5M-character scripts (~3 MB of key text each, plus their cached data).
      for (let i = 0; i < 12; i++) {
        const code = `var s${i} = ${JSON.stringify('x'.repeat(1_500_000))}; s${i}.length`
        compileCachedSync(isolate, code, `big-${i}.js`)
        expect(codeCacheBytes()).toBeLessThanOrEqual(CODE_CACHE_BYTES)
      }
      expect(codeCacheBytes()).toBeGreaterThan(CODE_CACHE_BYTES / 2)
      // A 5M-character script (10 MB of key text alone) is compiled but not kept.
      const huge = `var h = ${JSON.stringify('y'.repeat(5_000_000))}; h.length`
      compileCachedSync(isolate, huge, 'huge.js')
      expect(codeCacheEntry(huge)).toBeUndefined()
    } finally {
      isolate.dispose()
    }
  })
})
