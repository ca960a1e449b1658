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
    // One evaluation secret for every data dir the suite makes, so blind figures are the same on
    // every run of the suite (a fresh random secret per temp dir would redraw the evaluation data).
    env: { BUND_EVALUATION_SECRET: 'b0d0000000000000000000000000000000000000000000000000000000000001' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    benchmark: { include: ['test/bench/**/*.bench.ts'] },
  },
})
