/**
 * A vitest reporter that ends every run with one line, `N passed, N failed, N skipped`, counted
 * from vitest's own results: the line CI reads. A module that failed to load, or whose setup failed, counts as failed.
 */
import type { Reporter, TestModule } from 'vitest/node'

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0
    let failed = unhandledErrors.length
    let skipped = 0
    for (const mod of modules) {
      let failedHere = 0
      for (const test of mod.children.allTests()) {
        const state = test.result().state
        if (state === 'passed') passed++
        else if (state === 'failed') failedHere++
        else skipped++
      }
      // A module that failed with no failed test (it did not load, or a beforeAll threw and its
      // tests were skipped) is one failure: a suite that could not run has not passed.
      failed += mod.state() === 'failed' && failedHere === 0 ? 1 : failedHere
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`)
  }
}
