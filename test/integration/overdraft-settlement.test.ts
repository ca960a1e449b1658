/**
 * The non-compliant twin of bund/blockchain-settlement: an engine whose funds test counts an
 * uncollateralised credit line, so payments the payer cannot fund settle and overdraw accounts.
 * The settlement-integrity gate must hold it with the verdict that names the overdraft.
 */
import { describe, expect, it } from 'vitest'
import { fixture } from '../helpers/cli.js'
import { runReport, verdict } from '../helpers/run-report.js'

describe('a settlement engine that overdraws accounts', () => {
  it('is held by no-negative-balance (and the planted insufficient-funds instructions it settled)', async () => {
    const { report, code } = await runReport(fixture('overdraft-settlement'), ['--seed', '7'])
    expect(report.status).toBe('held')
    expect(code).toBe(1)
    expect(report.publicationId).toBeUndefined()

    const overdraft = verdict(report, 'settlement-integrity/no-negative-balance')
    expect(overdraft.status).toBe('fail')
    expect(overdraft.severity).toBe('block')
    expect(overdraft.figure!).toBeLessThan(0)
    expect(overdraft.message).toMatch(/entries leave a balance negative; the lowest is -\d/)
    // Every overdraft comes from a payment planted to fail for want of funds.
    const outcomes = verdict(report, 'settlement-integrity/outcomes')
    expect(outcomes.status).toBe('fail')
    expect(outcomes.message).toMatch(/settled although planted to fail \(insufficient-funds\)/)
    expect(outcomes.message).not.toMatch(/duplicate-e2e|unknown-participant|not in a final block/)

    // Nothing else is wrong with it: double entry, reconciliation and the hash chain all hold.
    for (const rule of ['conservation', 'unique-e2e', 'hash-chain', 'no-reversal']) expect(verdict(report, `settlement-integrity/${rule}`).status, rule).toBe('pass')
    const failing = report.verdicts.filter((v) => v.status === 'fail').map((v) => v.rule)
    // The replay finds the same fault: instructions planted to fail for want of funds were settled.
    expect(verdict(report, 'settlement-integrity/replay').message).toMatch(/settled despite its fault \(AM04\)/)
    expect(failing.sort()).toEqual(['settlement-integrity/no-negative-balance', 'settlement-integrity/outcomes', 'settlement-integrity/replay'])
  })
})
