import { execFile } from 'node:child_process'
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BUND, ROOT, bund, fixture, tempDir } from '../helpers/cli.js'

const creditScoring = join(ROOT, 'scenarios', 'credit-scoring')

/** Bad input: one line naming the problem, exit 2, and no database written. */
async function expectRefused(args: string[], code: string, message: RegExp) {
  const dataDir = tempDir()
  const r = await bund(['run', ...args, '--data-dir', dataDir])
  expect(r.code).toBe(2)
  expect(r.stderr.trim().split('\n')).toHaveLength(1)
  expect(r.stderr).toContain(`bund: ${code}: `)
  expect(r.stderr).toMatch(message)
  expect(r.stderr).not.toMatch(/\n\s+at /)
  expect(r.stdout).toBe('')
  expect(existsSync(join(dataDir, 'db.json'))).toBe(false)
}

describe('bund run refuses bad input', () => {
  it('a missing scenario directory', () => expectRefused(['./no/such/scenario'], 'SCENARIO_NOT_FOUND', /no such scenario directory/))
  it('an unknown scenario id', () => expectRefused(['acme/nothing-here'], 'SCENARIO_NOT_FOUND', /acme\/nothing-here/))
  it('an invalid manifest, naming the fields', () => expectRefused([fixture('bad-manifest')], 'MANIFEST_INVALID', /id: must be org\/name.*version: must be a semantic version/))
  it('a non-integer seed', () => expectRefused([creditScoring, '--seed', '1.5'], 'USAGE', /--seed must be a non-negative integer, got "1.5"/))
  it('a seed that is not a number', () => expectRefused([creditScoring, '--seed', 'abc'], 'USAGE', /--seed/))
  it('rows of zero', () => expectRefused([creditScoring, '--rows', '0'], 'USAGE', /--rows must be between 1 and 1000000, got 0/))
  it('rows over the maximum', () => expectRefused([creditScoring, '--rows', '5000000'], 'USAGE', /--rows must be between 1 and 1000000/))
  it('params that are not JSON', () => expectRefused([creditScoring, '--params', '{cutoff'], 'USAGE', /--params must be a JSON object/))
  it('params the scenario rejects (checked on the host against its JSON Schema)', () => expectRefused([creditScoring, '--params', '{"cutoff":2}'], 'PARAMS_INVALID', /cutoff: 2 is greater than 0\.99/))
  it('an unknown param, naming the known ones', () => expectRefused([creditScoring, '--params', '{"cutof":0.5}'], 'PARAMS_INVALID', /unknown param "cutof" for bund\/credit-scoring; known: .*cutoff/))

  it('a bundle whose sha256 does not match its manifest', async () => {
    const dir = tempDir()
    cpSync(join(creditScoring, 'dist'), join(dir, 'dist'), { recursive: true })
    const bundle = join(dir, 'dist', 'bundle.js')
    writeFileSync(bundle, `${readFileSync(bundle, 'utf8')}\n;globalThis.stolen = 1\n`)
    await expectRefused([dir], 'BUNDLE_TAMPERED', /bundle sha256 is [0-9a-f]{64}, but the manifest says/)
  })

  it('an unknown command', async () => {
    const r = await bund(['frobnicate'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/bund: USAGE: unknown command "frobnicate"/)
  })
})

describe('a reader that stops early', () => {
  it('`bund … | head -1` ends quietly with exit 0, not INTERNAL: write EPIPE', async () => {
    const script = `"${process.execPath}" "${BUND}" data generate --kind transactions --rows 200000 --seed 1 | head -1; echo "exit \${PIPESTATUS[0]}" >&2`
    const r = await new Promise<{ stdout: string; stderr: string }>((resolve) => execFile('bash', ['-c', script], { env: { ...process.env, NO_COLOR: '1' } }, (_e, stdout, stderr) => resolve({ stdout, stderr })))
    expect(r.stdout).toMatch(/^partition,id,timestamp,/)
    expect(r.stderr).toBe('exit 0\n')
  }, 60_000)
})
