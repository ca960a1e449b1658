import { DEFAULT_LIMITS, evaluateRules, loadRulePacks, parseRulePack } from '@bund/core'
import { describe, expect, it } from 'vitest'
import { formatRunReport } from '../../core/dist/cli/report.js'
import { checkInput } from './checks-fixtures.js'

const rule = { id: 'p/budget', title: 'b', citation: 'c', appliesTo: {}, check: 'resource-budget', params: { share: 0.5 }, severity: 'block' }

describe('rule remedies', () => {
  it('every built-in rule carries a one-line remedy', () => {
    const rules = loadRulePacks().flatMap((p) => p.rules)
    expect(rules.length).toBeGreaterThan(30)
    for (const r of rules) {
      expect(r.remedy.length, r.id).toBeGreaterThan(20)
      expect(r.remedy, r.id).not.toContain('\n')
    }
  })

  it('refuses a rule without a remedy, or with one of several lines, naming the rule', () => {
    expect(() => parseRulePack({ id: 'p', version: '1.0.0', title: 't', rules: [rule] }, 'mine.json')).toThrow(/mine\.json rule p\/budget: rules\.0\.remedy/)
    expect(() => parseRulePack({ id: 'p', version: '1.0.0', title: 't', rules: [{ ...rule, remedy: 'a\nb' }] }, 'mine.json')).toThrow(/one line/)
  })

  it('carries the remedy into the verdict, and the report prints it when the verdict fails', () => {
    const pack = parseRulePack({ id: 'p', version: '1.0.0', title: 't', rules: [{ ...rule, remedy: 'Spend less CPU.' }] }, 'mine.json')
    const input = checkInput('market-risk', {}, {}, { resources: { wallMs: 10, cpuMs: 10, heapPeakBytes: 0 }, limits: { ...DEFAULT_LIMITS, cpuMs: 10 } })
    const [verdict] = evaluateRules([pack], input)
    expect(verdict).toMatchObject({ rule: 'p/budget', status: 'fail', remedy: 'Spend less CPU.' })
    const report = { status: 'held', scenario: 'a/b', version: '1.0.0', seed: 1, runId: 'run_x', bundleSha256: 'ab'.repeat(32), outputHash: null, resources: { wallMs: 1, cpuMs: 1, heapPeakBytes: 1 }, verdicts: [verdict!], logs: [] }
    expect(formatRunReport(report as never)).toContain('remedy: Spend less CPU.')
    const passing = { ...report, verdicts: [{ ...verdict!, status: 'pass' }] }
    expect(formatRunReport(passing as never)).not.toContain('remedy:')
    // The gate line counts in words a person reads: one of each is singular.
    expect(formatRunReport(report as never)).toContain('hold — 0 passed, 0 warnings, 1 blocking failure\n')
    const warned = { ...report, status: 'published', verdicts: [{ ...verdict!, status: 'warn', severity: 'warn' }] }
    expect(formatRunReport(warned as never)).toContain('publish — 0 passed, 1 warning, 0 blocking failures\n')
  })
})
