import { fileURLToPath } from 'node:url'
import { buildSync } from 'esbuild'
import { RUNTIME_FILENAME } from '@bund/sdk/runtime'

let cached: string | undefined

/**
 * The SDK's sandbox runtime as one script whose completion value is its `setup` function.
 * Bundled once per process from the installed @bund/sdk.
 */
export function runtimeSource(): string {
  if (cached !== undefined) return cached
  const entry = fileURLToPath(import.meta.resolve('@bund/sdk/runtime'))
  const result = buildSync({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: '__bundRuntime',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    target: 'es2022',
    logLevel: 'silent',
  })
  const code = result.outputFiles[0]?.text
  if (code === undefined) throw new Error('bundling the sandbox runtime produced nothing')
  // Wrapped in a function so the runtime leaves no global behind; the completion value is `setup`.
  cached = `(function () {\n${code}\nreturn __bundRuntime.setup\n})()\n//# sourceURL=${RUNTIME_FILENAME}`
  return cached
}

/** Like runtimeSource, but completing with `describeScenario`. */
export function describeSource(): string {
  return runtimeSource().replace(/return __bundRuntime\.setup\n/, 'return __bundRuntime.describeScenario\n')
}
