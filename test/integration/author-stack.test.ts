/**
 * The author's loop: a throw deep in a helper file is reported at its line in src/ (bund run
 * --json, runLocal, bund dev's code frame), with no host frame; the source map stays beside the
 * bundle; a dist/ older than src/ is rebuilt (or refused with --no-build), and the report names
 * the bundle it ran.
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { runLocal } from '@bund/core'
import { beforeAll, describe, expect, it } from 'vitest'
import { BUND, ROOT, bund, tempDir } from '../helpers/cli.js'
import { serve } from '../e2e/serve.js'

const work = tempDir('bund-author-stack-')
const dir = join(work, 'deep')

/** The helper file: the throw is on line THROW_LINE, column THROW_COLUMN (1-based). */
const HELPER = [
  '/** Feature code shared by the scenario. */',
  'export function ratio(values: Float64Array, i: number): number {',
  '  return inner(values, i)',
  '}',
  '',
  'function inner(values: Float64Array, i: number): number {',
  '  const missing = (values as unknown as { rows?: { length: number } }).rows',
  '  return values[i]! / missing!.length',
  '}',
  '',
].join('\n')
const THROW_LINE = 8
const THROW_COLUMN = HELPER.split('\n')[THROW_LINE - 1]!.indexOf('length') + 1

beforeAll(async () => {
  expect((await bund(['new', 'acme/deep', '--dir', dir])).code).toBe(0)
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir')
  mkdirSync(join(dir, 'src', 'features'))
  writeFileSync(join(dir, 'src', 'features', 'ratio.ts'), HELPER)
  const index = join(dir, 'src', 'index.ts')
  const source = readFileSync(index, 'utf8')
  writeFileSync(
    index,
    `import { ratio } from './features/ratio.js'\n${source.replace('const out = creditDecisions(a.rows)', 'ratio(dti, 0)\n    const out = creditDecisions(a.rows)')}`,
  )
}, 60_000)

describe('stacks that point at src/', () => {
  it('bund build writes the source map beside the bundle, and the bundle does not point at it', async () => {
    const built = await bund(['build', dir])
    expect(built.code, built.stderr).toBe(0)
    const map = JSON.parse(readFileSync(join(dir, 'dist', 'bundle.js.map'), 'utf8')) as { sources: string[]; x_bundleSha256: string }
    expect(map.sources).toContain('../src/features/ratio.ts')
    const manifest = JSON.parse(readFileSync(join(dir, 'dist', 'manifest.json'), 'utf8')) as { bundle: { sha256: string } }
    expect(map.x_bundleSha256).toBe(manifest.bundle.sha256)
    expect(readFileSync(join(dir, 'dist', 'bundle.js'), 'utf8')).not.toContain('sourceMappingURL')
  }, 60_000)

  it('bund run --json reports the message and the frames mapped to src/, and no host frame', async () => {
    const run = await bund(['run', dir, '--json', '--rows', '300', '--data-dir', join(work, 'store')])
    expect(run.code).toBe(2)
    const report = JSON.parse(run.stdout) as { error: { code: string; message: string; stack: string; frames: Array<{ file: string; line: number; column: number; fn?: string }> }; bundleSha256: string }
    expect(report.error.code).toBe('SCENARIO_THREW')
    expect(report.error.message).toMatch(/^TypeError: Cannot read properties of undefined \(reading 'length'\)/)
    expect(report.error.frames[0]).toEqual({ fn: 'inner', file: 'src/features/ratio.ts', line: THROW_LINE, column: THROW_COLUMN })
    expect(report.error.frames.map((f) => f.file)).toEqual(expect.arrayContaining(['src/features/ratio.ts', 'src/index.ts']))
    expect(report.error.stack).toContain(`src/features/ratio.ts:${THROW_LINE}:${THROW_COLUMN}`)
    // Only scenario frames: nothing of the runtime, of Bund's host or of Node.
    expect(report.error.stack).not.toMatch(/bund-runtime|scenario\.js|node:|core\/dist|isolated-vm|\/work\//)
    expect(report.bundleSha256).toMatch(/^[0-9a-f]{64}$/)
  }, 60_000)

  it('runLocal carries the same mapped frames', async () => {
    const run = await runLocal(dir, { seed: 1, rows: 300 })
    expect(run.status).toBe('failed')
    expect(run.error?.frames?.[0]).toMatchObject({ file: 'src/features/ratio.ts', line: THROW_LINE, column: THROW_COLUMN })
  }, 60_000)

  it('bund dev shows the frames and a code frame at the throw, and says its publication is temporary', async () => {
    const dev = await bund(['dev', dir, '--once', '--rows', '300'])
    expect(dev.code).toBe(2)
    expect(dev.stdout).toContain(`at inner (src/features/ratio.ts:${THROW_LINE}:${THROW_COLUMN})`)
    expect(dev.stdout).toMatch(new RegExp(`> +${THROW_LINE} \\| {3}return values\\[i\\]! / missing!\\.length\\n +\\| {${THROW_COLUMN}}\\^`))
    expect(dev.stdout).toContain('(temporary)')
  }, 60_000)

  it('a scenario that forges host frames in its stack gets only its own frames reported', async () => {
    writeFileSync(join(dir, 'src', 'features', 'ratio.ts'), [
      'export function ratio(values: Float64Array, i: number): number {',
      "  const e = new Error('forged')",
      "  e.stack = 'Error: forged\\n    at secret (/work/main/core/dist/sandbox/isolate.js:1:1)\\n    at node:internal/x:2:3\\n' + e.stack",
      '  throw e',
      '}',
      '',
    ].join('\n'))
    const run = await runLocal(dir, { seed: 1, rows: 300 })
    expect(run.error?.code).toBe('SCENARIO_THREW')
    expect(run.error?.stack).not.toMatch(/isolate\.js|node:internal|secret/)
    expect(run.error?.frames?.[0]).toMatchObject({ file: 'src/features/ratio.ts', line: 2 })
  }, 60_000)
})

describe('an uploaded bundle keeps its source map', () => {
  it('bund submit sends dist/bundle.js.map; an API run of the upload reports the throw at its src/ line, with no path of the server', async () => {
    // The helper as it was (the test before forged its stack), built.
    writeFileSync(join(dir, 'src', 'features', 'ratio.ts'), HELPER)
    expect((await bund(['build', dir])).code).toBe(0)
    const data = join(work, 'served')
    const issued = await bund(['token', 'create', '--role', 'operator', '--json', '--data-dir', data])
    const token = (JSON.parse(issued.stdout) as { token: string }).token
    const served = await serve(['--data-dir', data, '--concurrency', '1'])
    try {
      const submitted = await bund(['submit', dir, '--server', served.url, '--token', token])
      expect(submitted.stderr).toBe('')
      expect(submitted.stdout).toMatch(/^registered acme\/deep@0\.1\.0 on http:\/\/127\.0\.0\.1:\d+ \(sent manifest, bundle, sourceMap\)\n$/)
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
      const started = await fetch(`${served.url}/api/v1/runs`, { method: 'POST', headers, body: JSON.stringify({ scenario: 'acme/deep', seed: 1, rows: 300 }) })
      expect(started.status).toBe(202)
      const { id } = (await started.json()) as { id: string }
      let run: { state?: string; report?: { error?: { code: string; details?: { stack?: string; frames?: Array<{ file: string; line: number }> } } } } = {}
      for (let i = 0; i < 600 && run.state !== 'finished'; i++) {
        await new Promise((r) => setTimeout(r, 100))
        run = (await (await fetch(`${served.url}/api/v1/runs/${id}`, { headers })).json()) as typeof run
      }
      expect(run.report?.error?.code).toBe('SCENARIO_THREW')
      const error = run.report?.error?.details
      expect(error?.frames?.[0]).toMatchObject({ file: 'src/features/ratio.ts', line: THROW_LINE })
      expect(error?.stack).toContain(`src/features/ratio.ts:${THROW_LINE}:`)
      expect(JSON.stringify(error)).not.toContain(work)
      expect(JSON.stringify(error)).not.toMatch(/\/scenario\/|node:internal|core\/dist/)

      // A bad map is a client's mistake: 400 problem+json with a stable code, nothing registered.
      const upload = async (version: string, map: string) => {
        const manifest = JSON.parse(readFileSync(join(dir, 'dist', 'manifest.json'), 'utf8')) as Record<string, unknown>
        const form = new FormData()
        form.set('manifest', new File([JSON.stringify({ ...manifest, version })], 'manifest.json'))
        form.set('bundle', new File([readFileSync(join(dir, 'dist', 'bundle.js'))], 'bundle.js'))
        form.set('sourceMap', new File([map], 'bundle.js.map'))
        const res = await fetch(`${served.url}/api/v1/scenarios`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form })
        return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as { code: string; detail: string } }
      }
      const real = JSON.parse(readFileSync(join(dir, 'dist', 'bundle.js.map'), 'utf8')) as Record<string, unknown>
      for (const [map, detail] of [
        ['not json', /not valid JSON/],
        [JSON.stringify({ ...real, x_bundleSha256: 'a'.repeat(64) }), /written for the bundle aaaaaaaaaaaa…, not this one/],
        [JSON.stringify({ ...real, x_bundleSha256: undefined }), /x_bundleSha256/],
        [JSON.stringify({ ...real, version: 2 }), /version/],
        [JSON.stringify({ ...real, mappings: '<script>' }), /mappings: not base64 VLQ/],
        [' '.repeat(8 * 1024 * 1024 + 1), /over the limit of 8388608/],
      ] as const) {
        const res = await upload('0.1.1', map)
        expect(res.status, map.slice(0, 40)).toBe(400)
        expect(res.type).toBe('application/problem+json')
        expect(res.body.code).toBe('SOURCE_MAP_INVALID')
        expect(res.body.detail).toMatch(detail)
      }
      expect((await fetch(`${served.url}/api/v1/scenarios/acme/deep?version=0.1.1`, { headers })).status).toBe(404)
    } finally {
      await served.stop()
    }
  }, 180_000)
})

describe('no stale builds', () => {
  const fresh = join(work, 'fresh')
  beforeAll(async () => {
    expect((await bund(['new', 'acme/fresh', '--dir', fresh])).code).toBe(0)
    symlinkSync(join(ROOT, 'node_modules'), join(fresh, 'node_modules'), 'dir')
    expect((await bund(['build', fresh])).code).toBe(0)
  }, 60_000)

  it('refuses a dist/ older than src/ with --no-build, naming the file and the command', async () => {
    const index = join(fresh, 'src', 'index.ts')
    writeFileSync(index, readFileSync(index, 'utf8').replace('ctx.log.info(`approved', 'ctx.log.info(`edited: approved'))
    // Just after the build (a save in the same second as the build still counts).
    const later = new Date(statSync(join(fresh, 'dist', 'bundle.js')).mtimeMs + 10)
    utimesSync(index, later, later)
    const refused = await bund(['run', fresh, '--no-build', '--data-dir', join(work, 'store2')])
    expect(refused.code).toBe(2)
    expect(refused.stderr.trim()).toBe(`bund: BUILD_STALE: ${fresh}: src/index.ts changed after dist/bundle.js was built; run: bund build ${fresh}`)
    expect(existsSync(join(work, 'store2', 'db.json'))).toBe(false)
    // Nor is a stale build signed or uploaded: a registered version is never replaced, so it would
    // register code src/ no longer has, for good. Refused before any request (no server listens).
    expect((await bund(['keygen', '--out', join(work, 'stale-keys')])).code).toBe(0)
    const key = join(work, 'stale-keys', 'bund-author.key')
    const sign = await bund(['sign', fresh, '--key', key])
    expect(sign.code).toBe(2)
    expect(sign.stderr.trim()).toBe(`bund: BUILD_STALE: ${fresh}: src/index.ts changed after dist/bundle.js was built; run: bund build ${fresh} && bund sign ${fresh} --key ${key}`)
    expect(existsSync(join(fresh, 'dist', 'bundle.sig'))).toBe(false)
    const submit = await bund(['submit', fresh, '--server', 'http://127.0.0.1:9', '--token', 'bund_x'])
    expect(submit.code).toBe(2)
    expect(submit.stderr.trim()).toBe(`bund: BUILD_STALE: ${fresh}: src/index.ts changed after dist/bundle.js was built; nothing was sent. Run: bund build ${fresh} && bund submit ${fresh} --server http://127.0.0.1:9`)
  }, 60_000)

  it('rebuilds a stale dist/ before running, and the report names the bundle it ran', async () => {
    const before = JSON.parse(readFileSync(join(fresh, 'dist', 'manifest.json'), 'utf8')) as { bundle: { sha256: string } }
    const run = await bund(['run', fresh, '--rows', '500', '--json', '--data-dir', join(work, 'store2')])
    expect(run.stderr).toContain('src/index.ts changed after dist/bundle.js was built; rebuilding')
    const report = JSON.parse(run.stdout) as { bundleSha256: string; build: string; logs: Array<{ message: string }> }
    const after = JSON.parse(readFileSync(join(fresh, 'dist', 'manifest.json'), 'utf8')) as { bundle: { sha256: string } }
    expect(after.bundle.sha256).not.toBe(before.bundle.sha256)
    expect(report.bundleSha256).toBe(after.bundle.sha256)
    expect(report.build).toBe('dist/bundle.js, rebuilt now')
    expect(report.logs.some((l) => l.message.startsWith('edited: approved'))).toBe(true)
    // Now current: no rebuild, and the text report says which build ran.
    const again = await bund(['run', fresh, '--rows', '500', '--data-dir', join(work, 'store2')])
    expect(again.stderr).not.toContain('rebuilding')
    expect(again.stdout).toMatch(new RegExp(`bundle {7}sha256:${after.bundle.sha256.slice(0, 16)} \\(dist/bundle\\.js, built \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC\\)`))
  }, 60_000)
})

describe('bund dev says what it changed', () => {
  it('names the cap ("5,000 of 20,000 rows") and warns about planted patterns too thin to grade', async () => {
    const aml = join(work, 'aml')
    expect((await bund(['new', 'acme/aml', '--kind', 'aml', '--dir', aml])).code).toBe(0)
    symlinkSync(join(ROOT, 'node_modules'), join(aml, 'node_modules'), 'dir')
    const index = join(aml, 'src', 'index.ts')
    writeFileSync(index, readFileSync(index, 'utf8').replace("rows: 5_000, options: { launderingRate: 0.02 }", "rows: 20_000, options: { launderingRate: 0.001 }"))
    const dev = await bund(['dev', aml, '--once'])
    expect(dev.stdout).toMatch(/build and run, seed 1, 5,000 of 20,000 rows \(capped; --rows N to change\)/)
    expect(dev.stdout).toMatch(/warning: transactions: planted patterns with fewer than 10 rows at this size, too few to grade: [a-z-]+ \d/)
    // The warning counts the data the run grades: a dev session draws it from the seed alone, so
    // another session (with its own throwaway store) gets the same rows, output and verdicts. Run as
    // an author runs it, without the suite's pinned $BUND_EVALUATION_SECRET (which hid a session's
    // fresh secret changing the data).
    const asAuthor = (): Promise<string> => new Promise((done) => {
      const { BUND_EVALUATION_SECRET: _pinned, ...env } = process.env
      execFile(process.execPath, [BUND, 'dev', aml, '--once'], { env: { ...env, NO_COLOR: '1' } }, (_e, stdout) => done(stdout))
    })
    const [first, again] = [{ stdout: await asAuthor() }, { stdout: await asAuthor() }]
    expect(first.stdout).toMatch(/warning: transactions: planted patterns/)
    const output = (text: string) => /output {7}(sha256:[0-9a-f]{64})/.exec(text)?.[1]
    expect(output(first.stdout)).toBeDefined()
    expect(output(again.stdout)).toBe(output(first.stdout))
    expect(output(first.stdout)).toBe(output(dev.stdout))
  }, 90_000)

  it('shows an unknown param once, under one header, with the known keys', async () => {
    const dev = await bund(['dev', join(work, 'aml'), '--once', '--params', '{"min_score":2}'])
    expect(dev.code).toBe(2)
    expect(dev.stdout.match(/── /g)).toHaveLength(1)
    expect(dev.stdout).toMatch(/bund: PARAMS_INVALID: unknown param "min_score" for acme\/aml; known: \w+/)
  }, 60_000)
})

describe('operator commands beside a server', () => {
  it('bund author add-key on a data dir a server holds says STORE_LOCKED and names the API route to use', async () => {
    const { openStore } = await import('@bund/core')
    const data = join(work, 'held-store')
    const store = await openStore(data)
    try {
      expect((await bund(['keygen', '--out', join(work, 'keys')])).code).toBe(0)
      const add = await bund(['author', 'add-key', '--org', 'acme', '--key', join(work, 'keys', 'bund-author.pub'), '--data-dir', data])
      expect(add.code).toBe(2)
      // A command to run, not a JSON body to build around a PEM file by hand.
      const key = join(work, 'keys', 'bund-author.pub')
      expect(add.stderr).toBe(`bund: STORE_LOCKED: ${add.stderr.slice('bund: STORE_LOCKED: '.length, add.stderr.indexOf('While a server runs'))}While a server runs, act through it instead: bund author add-key --org acme --key ${key} --server <its URL> --token <an operator token> (PUT /api/v1/author-keys/acme).\n`)
      const token = await bund(['token', 'create', '--role', 'author', '--org', 'acme', '--data-dir', data])
      expect(token.code).toBe(2)
      expect(token.stderr).toMatch(/^bund: STORE_LOCKED: .*While a server runs, act through it instead: bund token create --role author --org acme --server <its URL> --token <an operator token> \(POST \/api\/v1\/tokens\)\.\n$/)
    } finally {
      await store.close()
    }
  }, 60_000)
})

describe('JSDoc on params', () => {
  it('reaches the JSON Schema in the manifest (what the API and dashboard show), a .describe() still winning', async () => {
    const dir = join(work, 'documented')
    expect((await bund(['new', 'acme/documented', '--dir', dir])).code).toBe(0)
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir')
    const index = join(dir, 'src', 'index.ts')
    writeFileSync(index, readFileSync(index, 'utf8').replace(
      'z.object({',
      "z.object({\n      /**\n       * A note that must not win.\n       */\n      note: z.optional(z.string().register(z.globalRegistry, { description: 'Set by the schema.' })),",
    ))
    const built = await bund(['build', dir])
    expect(built.code, built.stderr).toBe(0)
    const manifest = JSON.parse(readFileSync(join(dir, 'dist', 'manifest.json'), 'utf8')) as { paramsSchema: { properties: Record<string, { description?: string }> } }
    expect(manifest.paramsSchema.properties['maxPoints']?.description).toBe('Decline applicants with more risk points than this.')
    expect(manifest.paramsSchema.properties['note']?.description).toBe('Set by the schema.')
  }, 60_000)
})
