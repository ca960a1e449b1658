import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { bund, fixture, tempDir } from '../helpers/cli.js'

describe('bund data generate', () => {
  it('writes both partitions as CSV with a partition column, labels included, and the companion beside it', async () => {
    const dir = tempDir()
    const out = join(dir, 'payments.csv')
    const r = await bund(['data', 'generate', '--kind', 'settlement-instructions', '--rows', '300', '--training', '100', '--seed', '4', '--out', out])
    expect(r.stderr).toMatch(/wrote 400 rows of settlement-instructions \(training 100, evaluation 300\)/)
    expect(r.code).toBe(0)
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n')
    expect(lines[0]).toBe('partition,seq,msgId,endToEndId,amount,currency,debtorAgent,creditorAgent,valueDate,planted')
    expect(lines).toHaveLength(401)
    expect(lines[1]).toMatch(/^training,0,M20251230/)
    expect(lines[101]).toMatch(/^evaluation,0,M20251231/)
    const participants = readFileSync(join(dir, 'payments.participants.csv'), 'utf8').trimEnd().split('\n')
    expect(participants[0]).toBe('bic,name,currency,openingBalance')
    expect(participants).toHaveLength(13)
    expect(readdirSync(dir).sort()).toEqual(['payments.csv', 'payments.participants.csv']) // no temporary files left
  })

  it('writes JSON Lines, the same bytes for the same seed, with options', async () => {
    const dir = tempDir()
    const args = ['data', 'generate', '--kind', 'transactions', '--rows', '2000', '--seed', '9', '--options', '{"launderingRate":0.02}', '--format', 'jsonl']
    const a = await bund([...args, '--out', join(dir, 'a.jsonl')])
    const b = await bund([...args, '--out', join(dir, 'b.jsonl')])
    expect(a.code).toBe(0)
    expect(b.code).toBe(0)
    const text = readFileSync(join(dir, 'a.jsonl'), 'utf8')
    expect(readFileSync(join(dir, 'b.jsonl'), 'utf8')).toBe(text)
    const rows = text.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(rows).toHaveLength(2000)
    expect(rows[0]).toMatchObject({ partition: 'evaluation', id: 1, currency: expect.any(String), typology: expect.any(String) })
    expect(rows.filter((row) => row['laundering'] === 1).length).toBeGreaterThan(20)
  })

  it('writes to standard output without --out, and adds PII columns on request', async () => {
    const r = await bund(['data', 'generate', '--kind', 'credit-applicants', '--rows', '5', '--pii'])
    expect(r.code).toBe(0)
    const lines = r.stdout.trimEnd().split('\n')
    expect(lines).toHaveLength(6)
    expect(lines[0]).toMatch(/,defaulted,fullName,nationalId,phone$/)
  })

  it.each([
    [['--kind', 'mortgages'], /^bund: USAGE: --kind must be one of credit-applicants, .*; got "mortgages"$/],
    [[], /^bund: USAGE: --kind is required/],
    [['--kind', 'transactions', '--rows', '0'], /^bund: USAGE: --rows must be an integer from 1 to 1000000, got "0"$/],
    [['--kind', 'transactions', '--rows', '1000001'], /^bund: USAGE: --rows must be an integer from 1 to 1000000/],
    [['--kind', 'transactions', '--training', '-5'], /^bund: USAGE: --training must be an integer/],
    [['--kind', 'transactions', '--seed', '1.5'], /^bund: USAGE: --seed must be a non-negative integer, got "1.5"$/],
    [['--kind', 'transactions', '--format', 'xml'], /^bund: USAGE: --format must be csv or jsonl/],
    [['--kind', 'transactions', '--options', '[1]'], /^bund: USAGE: --options must be a JSON object/],
    [['--kind', 'transactions', '--options', '{"launderingRate":1}'], /^bund: DATA_INVALID: transactions: options\.launderingRate: /],
    [['--kind', 'market-series', '--options', '{"instrument":3}'], /^bund: DATA_INVALID: market-series: unknown option options\.instrument$/],
    [['--kind', 'transactions', '--pii'], /^bund: USAGE: --pii: transactions has no personal-data columns/],
  ])('refuses %j with one line naming the option, exit 2, and writes nothing', async (extra, message) => {
    const dir = tempDir()
    const r = await bund(['data', 'generate', ...extra, '--out', join(dir, 'x.csv')])
    expect(r.code).toBe(2)
    expect(r.stderr.trimEnd()).toMatch(message)
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(existsSync(join(dir, 'x.csv'))).toBe(false)
  })
})

describe('bund data describe', () => {
  it('prints the columns, labels, protected attributes, companions and options', async () => {
    const r = await bund(['data', 'describe', '--kind', 'settlement-instructions'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/endToEndId\s+dict/)
    expect(r.stdout).toMatch(/labels \(withheld from the evaluation partition\):\n\s+planted\s+dict/)
    expect(r.stdout).toMatch(/participants \(ctx\.related\.<dataset>\.participants\):/)
    expect(r.stdout).toMatch(/openingBalance\s+f64/)
    expect(r.stdout).toMatch(/insufficientFundsRate\s+number 0\.\.0\.3, default 0\.03/)
  })

  it('prints JSON with --json', async () => {
    const r = await bund(['data', 'describe', '--kind', 'credit-applicants', '--json'])
    const described = JSON.parse(r.stdout) as { labels: Record<string, string>; protected: string[]; pii: boolean; options: Record<string, { default: number }> }
    expect(described.labels).toEqual({ defaulted: 'u8' })
    expect(described.protected).toEqual(['gender', 'region', 'ageBand'])
    expect(described.pii).toBe(true)
    expect(described.options['baseRate']!.default).toBe(0.2)
  })

  it('refuses an unknown kind', async () => {
    const r = await bund(['data', 'describe', '--kind', 'bonds'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^bund: USAGE: --kind must be one of/)
  })
})

describe('datasets in a run', () => {
  it('give the scenario its companion tables, PII columns and options, and hide the labels', async () => {
    const r = await bund(['run', fixture('data-related'), '--json', '--data-dir', tempDir()])
    const report = JSON.parse(r.stdout) as { logs: Array<{ message: string }>; error?: unknown }
    expect(report.error).toBeUndefined()
    const seen = JSON.parse(report.logs[0]!.message) as Record<string, unknown>
    expect(seen['participants']).toBe(4)
    expect(seen['bics']).toHaveLength(4)
    expect(seen['openingTotal']).toBeGreaterThan(0)
    expect(seen['paymentsColumns']).not.toContain('planted')
    expect(seen['applicantColumns']).toEqual(expect.arrayContaining(['fullName', 'nationalId', 'phone']))
    expect(seen['applicantColumns']).not.toContain('defaulted')
    expect(seen['firstIdShape']).toBe(true)
  })

  it('fails with DATA_INVALID naming an option the kind refuses', async () => {
    const r = await bund(['run', fixture('data-bad-options'), '--json', '--data-dir', tempDir()])
    expect(r.code).toBe(2)
    const report = JSON.parse(r.stdout) as { status: string; error: { code: string; message: string } }
    expect(report.status).toBe('failed')
    expect(report.error).toEqual({ code: 'DATA_INVALID', message: expect.stringMatching(/options\.launderingRate/) })
  })
})
