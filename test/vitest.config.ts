import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/**/*.test.ts', 'scenarios/*/test/**/*.test.ts'],
    // isolated-vm needs --no-node-snapshot, which only child processes (not worker threads) accept.
    pool: 'forks',
    execArgv: ['--no-node-snapshot'],
    reporters: ['default', './test/helpers/summary-reporter.ts'],
    globalSetup: ['test/helpers/build-fixtures.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    benchmark: { include: ['test/bench/**/*.bench.ts'] },
  },
})
