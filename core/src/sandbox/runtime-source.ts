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
  // Strict mode: a strict function's frames give a stack-trace API no function object, and its
  // `caller`/`arguments` cannot be read, so scenario code cannot walk up into the runtime.
  cached = `(function () {\n'use strict';\n${HARDEN}\n${code}\nreturn __bundRuntime.setup\n})()\n//# sourceURL=${RUNTIME_FILENAME}`
  return cached
}

/**
 * Globals removed before any scenario code runs. WebAssembly memory is allocated outside the
 * isolate's heap limit (a 32 MB isolate could reserve gigabytes), and SharedArrayBuffer can be
 * copied out sharing memory with the host and, with Atomics.wait, block the thread.
 */
export const REMOVED_GLOBALS = ['WebAssembly', 'SharedArrayBuffer', 'Atomics'] as const

const HARDEN = REMOVED_GLOBALS.map((name) => `delete globalThis.${name};`).join('\n')

/** Like runtimeSource, but completing with `describeScenario`. */
export function describeSource(): string {
  return runtimeSource().replace(/return __bundRuntime\.setup\n/, 'return __bundRuntime.describeScenario\n')
}
