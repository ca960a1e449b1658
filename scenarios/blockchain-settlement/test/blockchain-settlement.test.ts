/** bund/blockchain-settlement, run as an operator would: published on several seeds, and what finality takes. */
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { ROOT, bund, tempDir } from '../../../test/helpers/cli.js'
import { publishedOutput, runReport, verdict } from '../../../test/helpers/run-report.js'

const dir = join(ROOT, 'scenarios', 'blockchain-settlement')

interface Block {
  height: number
  prevHash: string
  merkleRoot: string
  hash: string
  size: number
}
interface DictColumn {
  type: 'dict'
  buffer: { $base64: string }
  dictionary: string[]
}

/** Decodes a dictionary column of the stored output (codes narrowed to the dictionary's size). */
function strings(column: DictColumn): string[] {
  const bytes = Buffer.from(column.buffer.$base64, 'base64')
  const n = column.dictionary.length
  const codes = n <= 0x100 ? new Uint8Array(bytes) : n <= 0x10000 ? new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2) : new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4)
  return Array.from(codes, (c) => column.dictionary[c]!)
}

beforeAll(async () => {
  const built = await bund(['build', dir, '--quiet'])
  expect(built.code, built.stderr).toBe(0)
})

describe('bund/blockchain-settlement', () => {
  it.each([1, 7, 42])('is published with every settlement-integrity verdict passing, seed %i', async (seed) => {
    const run = await runReport(dir, ['--seed', String(seed)])
    const { report } = run
    expect(report.status, JSON.stringify(report.error ?? report.verdicts.filter((v) => v.status !== 'pass'))).toBe('published')
    expect(run.code).toBe(0)
    for (const v of report.verdicts) expect(v.status, `${v.rule}: ${v.message}`).toBe('pass')
    expect(verdict(report, 'settlement-integrity/outcomes').figure).toBe(1)
    expect(verdict(report, 'settlement-integrity/conservation').figure!).toBeLessThanOrEqual(0.005)
    expect(verdict(report, 'settlement-integrity/no-negative-balance').figure!).toBeGreaterThanOrEqual(0)
    expect(verdict(report, 'settlement-integrity/unique-e2e').figure).toBe(0)
    expect(verdict(report, 'settlement-integrity/hash-chain').figure).toBe(0)
    expect(verdict(report, 'settlement-integrity/no-reversal').figure).toBe(0)
    expect(report.resources.wallMs).toBeLessThan(10_000)

    const output = publishedOutput(run) as { blocks: Block[]; finality: { finalHeight: number; basis: string }; outcomes: { rows: number; columns: Record<string, DictColumn> } }
    // 10,000 instructions in blocks of 250, each linked to the one before, all final.
    expect(output.outcomes.rows).toBe(10_000)
    expect(output.blocks).toHaveLength(40)
    output.blocks.forEach((b, i) => {
      expect(b.height).toBe(i)
      expect(b.prevHash).toBe(i === 0 ? '0'.repeat(64) : output.blocks[i - 1]!.hash)
    })
    expect(output.finality.finalHeight).toBe(39)
    expect(output.finality.basis).toMatch(/3 of them \(2f \+ 1\)/)
    // Every planted failure is rejected with its ISO 20022 reason (about 3 %, 1 % and 1 % of the queue).
    const status = strings(output.outcomes.columns['status']!)
    const reason = strings(output.outcomes.columns['reason']!)
    const count = (code: string) => reason.filter((r) => r === code).length
    expect(count('AM04')).toBeGreaterThan(200)
    expect(count('AM05')).toBeGreaterThan(50)
    expect(count('RC01')).toBeGreaterThan(50)
    status.forEach((s, i) => expect(s === 'settled' ? reason[i] === '' : ['AM04', 'AM05', 'RC01'].includes(reason[i]!)).toBe(true))
  })

  it('stays final with one faulty validator of four', async () => {
    const tolerated = await runReport(dir, ['--seed', '7', '--params', JSON.stringify({ faultyValidators: 1 })])
    expect(tolerated.report.status).toBe('published')
    expect(tolerated.report.logs?.some((l) => /40 final with at least 3 of 4 validators/.test(l.message))).toBe(true)
  })

  it('is held when two faulty validators of four leave no quorum', async () => {
    const split = await runReport(dir, ['--seed', '7', '--params', JSON.stringify({ faultyValidators: 2 })])
    expect(split.report.status).toBe('held')
    expect(split.code).toBe(1)
    // With no quorum nothing is final, so no settlement may be reported as done.
    const outcomes = verdict(split.report, 'settlement-integrity/outcomes')
    expect(outcomes.status).toBe('fail')
    expect(outcomes.message).toMatch(/settled but not in a final block/)
    expect(verdict(split.report, 'settlement-integrity/hash-chain').status).toBe('pass')
    expect(split.report.logs?.some((l) => l.level === 'warn' && /no quorum from block 0/.test(l.message))).toBe(true)
  })

  it('refuses more faulty validators than it has, naming the parameter', async () => {
    const r = await bund(['run', dir, '--seed', '7', '--params', JSON.stringify({ validators: 4, faultyValidators: 4 }), '--json', '--data-dir', tempDir()])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/PARAMS_INVALID: .*faultyValidators must be fewer than validators/)
  })
})
