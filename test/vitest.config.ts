import { defineConfig } from 'vitest/config'
import { SANDBOX_EXEC_ARGV } from '../core/src/sandbox/node-lines.js'

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/**/*.test.ts', 'scenarios/*/test/**/*.test.ts'],
    // isolated-vm's flags (the same on every Node line) are accepted only by child processes, not worker threads.
    pool: 'forks',
    execArgv: [...SANDBOX_EXEC_ARGV],
    reporters: ['default', './test/helpers/summary-reporter.ts'],
    globalSetup: ['test/helpers/build-fixtures.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    benchmark: { include: ['test/bench/**/*.bench.ts'] },
  },
})
