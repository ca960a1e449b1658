/**
 * Every command line in a fenced shell block of README.md, sdk/README.md and the README that
 * `bund new` writes is executed here, in a temporary project, block by block with `bash -e`: a
 * documented command that fails fails the suite. The few lines that cannot run in a test are in
 * SKIPPED (each with its reason) or SUBSTITUTED (run in a bounded form, each with its reason); an
 * entry that no longer matches a documented line fails too, so the lists cannot go stale.
 */
import { execFile } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BUND, ROOT, bund, tempDir } from '../helpers/cli.js'
import { startBund } from '../helpers/nodes.js'

/** Lines not run, with why. */
const SKIPPED: Record<string, string> = {
  'npm install && npm start': 'installs the repository (minutes, network) and then serves until Ctrl-C; `bund serve --builtin` is covered by the HTTP integration tests',
  'npm test': 'in README.md this is the whole suite, which runs this test',
  [`npm install hono@${honoVersion()}`]: 'a registry install (no network in tests); the test below checks that the pinned version is the one Bund is built with',
}

/**
 * Blocks that talk to a running server on the documented port (curl examples, `bund verify <url>`,
 * the attestation check) are skipped whole: a test cannot own port 8787 on a shared machine, and
 * each of those routes is exercised on an ephemeral port by the HTTP and verify integration tests.
 */
const SERVER_BLOCK = /(?:localhost|127\.0\.0\.1):8787/
let serverBlocks = 0

/**
 * Blocks that set up several machines (a database host, keys copied to other nodes with `scp`) are
 * skipped whole too: test/postgres/multi-node.test.ts runs the same steps (`bund db migrate`, API
 * nodes, `bund worker`s) against PostgreSQL on 127.0.0.1.
 */
const DEPLOYMENT_BLOCK = /^\s*scp\s/m
let deploymentBlocks = 0

/** Lines run in another form, with why. */
const SUBSTITUTED: Record<string, { run: string; reason: string }> = {
  'cd credit-model && npm install': { run: `cd credit-model && ln -s ${join(ROOT, 'node_modules')} node_modules`, reason: 'no network in tests: the checkout already holds every package the project depends on' },
  'npm install': { run: `ln -s ${join(ROOT, 'node_modules')} node_modules`, reason: 'as above' },
  'npx bund dev': { run: 'npx bund dev --once', reason: 'dev watches until Ctrl-C; --once runs the same build-and-report cycle once' },
}

function honoVersion(): string {
  return (JSON.parse(readFileSync(join(ROOT, 'node_modules', 'hono', 'package.json'), 'utf8')) as { version: string }).version
}

/** The fenced sh blocks of a markdown text, each as its command lines (continuations joined, comments kept). */
function shellBlocks(markdown: string): string[][] {
  return [...markdown.matchAll(/```(?:sh|bash|shell)\n([\s\S]*?)```/g)].map((m) => {
    const lines: string[] = []
    let continued = false
    for (const raw of m[1]!.split('\n')) {
      if (raw.trim() === '') continue
      if (continued) lines[lines.length - 1] = `${lines[lines.length - 1]!}\n${raw}`
      else lines.push(raw)
      continued = raw.trimEnd().endsWith('\\')
    }
    // A skipped line is named by its first physical line.
    return lines.map((l) => (l.split('\n')[0]!.trimEnd() in SKIPPED ? l.split('\n')[0]!.trimEnd() : l))
  })
}

const used = new Set<string>()
/** A block as a bash script: skipped lines left out, substituted ones replaced. */
function script(block: string[]): string {
  return block.flatMap((line) => {
    const key = line.trimEnd()
    const command = key.replace(/\s+#.*$/, '')
    if (key in SKIPPED) return (used.add(key), [])
    const sub = SUBSTITUTED[command]
    if (sub !== undefined) return (used.add(command), [sub.run])
    return [line]
  }).map((line) => `{ ${line}\n} || exit $?`).join('\n') // every line's failure ends the block, even inside a && list
}

/** A PATH with `bund` on it (the repository's README calls it bare, as after a global install). */
function pathWithBund(): string {
  const bin = join(tempDir('bund-docs-bin-'), 'bin')
  mkdirSync(bin)
  writeFileSync(join(bin, 'bund'), `#!/bin/sh\nexec "${process.execPath}" "${BUND}" "$@"\n`)
  chmodSync(join(bin, 'bund'), 0o755)
  return `${bin}:${join(ROOT, 'node_modules', '.bin')}:${process.env['PATH'] ?? ''}`
}
const PATH = pathWithBund()

function runScript(text: string, cwd: string, timeoutMs = 240_000, env: Record<string, string> = {}): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile('bash', ['-e', '-o', 'pipefail', '-c', text], { cwd, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, PATH, NO_COLOR: '1', ...env } }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 99, output: `${stdout}${stderr}` })
    })
  })
}

describe('documented commands', () => {
  it('sdk/README.md: every shell block runs in a fresh folder', async () => {
    const blocks = shellBlocks(readFileSync(join(ROOT, 'sdk', 'README.md'), 'utf8'))
    expect(blocks.length).toBeGreaterThan(0)
    // Where an author starts: a folder with Bund's packages installed (here: linked from the checkout).
    const cwd = tempDir('bund-docs-sdk-')
    symlinkSync(join(ROOT, 'node_modules'), join(cwd, 'node_modules'), 'dir')
    for (const block of blocks) {
      const run = await runScript(script(block), cwd)
      expect(run.code, `${block.join('\n')}\n---\n${run.output.slice(-3000)}`).toBe(0)
    }
  }, 600_000)

  it("the scaffold's README: every shell block runs in the project bund new made, publishing on a live server", async () => {
    const dir = join(tempDir('bund-docs-scaffold-'), 'model')
    expect((await bund(['new', 'acme/model', '--dir', dir])).code).toBe(0)
    const blocks = shellBlocks(readFileSync(join(dir, 'README.md'), 'utf8'))
    expect(blocks.length).toBeGreaterThanOrEqual(5)
    // The server the README's publishing steps talk to: `bund serve` on an ephemeral port stands in
    // for the documented address, and the test plays the operator (author token, key, the run).
    const server = startBund(['serve', '--port', '0', '--data-dir', tempDir('bund-docs-server-'), '--log-level', 'warn'])
    try {
      const url = (await server.waitFor(/Bund API on (http:\/\/127\.0\.0\.1:\d+)/))[1]!
      const operator = /^\s+(bund_[\w-]+)$/m.exec(server.output)![1]!
      const asOperator = { authorization: `Bearer ${operator}`, 'content-type': 'application/json' }
      // The operator issues the author's token beside the running server (which holds its data directory).
      const issued = await bund(['token', 'create', '--role', 'author', '--org', 'acme', '--server', url, '--token', operator])
      expect(issued.stderr).toMatch(/^issued author token tok_\w+ for org acme; it is shown once, keep it secret:\n$/)
      const author = issued.stdout.trim()
      expect(author).toMatch(/^bund_[\w-]+$/)
      let keyRegistered = false
      let publication: string | undefined
      for (const block of blocks) {
        const text = script(block).replaceAll('http://127.0.0.1:8787', url).replaceAll('pub_…', publication ?? 'pub_…')
        const run = await runScript(text, dir, 240_000, { BUND_TOKEN: author })
        expect(run.code, `${block.join('\n')}\n---\n${run.output.slice(-3000)}`).toBe(0)
        if (!keyRegistered && existsSync(join(dir, 'bund-author.pub'))) {
          // The operator registers the key the author handed over, beside the running server (which
          // holds its data directory): uploads must now be signed.
          const add = await bund(['author', 'add-key', '--org', 'acme', '--key', join(dir, 'bund-author.pub'), '--server', url, '--token', operator])
          expect(add.stdout, add.stderr).toMatch(/^registered key [0-9a-f]{16}… for acme on http:\/\/127\.0\.0\.1:\d+: uploads of acme\/\* must now be signed with it\n$/)
          keyRegistered = true
        }
        if (block.some((line) => /bund submit/.test(line))) {
          expect(run.output).toContain(`registered acme/model@0.1.0 on ${url} (sent manifest, bundle, signature, sourceMap)`)
          // The operator runs the upload; it is published.
          const queued = await fetch(`${url}/api/v1/runs`, { method: 'POST', headers: asOperator, body: JSON.stringify({ scenario: 'acme/model', seed: 3 }) })
          expect(queued.status).toBe(202)
          const { id } = (await queued.json()) as { id: string }
          for (let waited = 0; publication === undefined && waited < 120; waited++) {
            const record = (await (await fetch(`${url}/api/v1/runs/${id}`, { headers: asOperator })).json()) as { state: string; status?: string; publicationId?: string }
            if (record.state === 'finished') {
              expect(record.status).toBe('published')
              publication = record.publicationId
            } else await new Promise((r) => setTimeout(r, 500))
          }
          expect(publication).toMatch(/^pub_/)
        }
        if (block.some((line) => /api\/v1\/runs/.test(line))) expect(run.output).toContain(publication)
        if (block.some((line) => /bund verify/.test(line))) {
          expect(run.output).toMatch(new RegExp(`^VERIFIED {2}${publication} {2}acme/model@0\\.1\\.0`, 'm'))
          expect(run.output).toMatch(/ok {4}author-signature signed by acme's key/)
          expect(run.output).toMatch(/ok {4}rerun/)
        }
      }
      expect(readFileSync(join(dir, 'dist', 'bundle.sig'), 'utf8')).toContain('acme/model')
      expect(publication, 'the README took the scenario to a publication').toBeDefined()
    } finally {
      await server.kill('SIGTERM')
    }
  }, 600_000)

  it('README.md: every shell block runs in a fresh folder (servers and installs on the skip-list)', async () => {
    const blocks = shellBlocks(readFileSync(join(ROOT, 'README.md'), 'utf8'))
    const cwd = tempDir('bund-docs-root-')
    for (const block of blocks) {
      if (block.some((line) => SERVER_BLOCK.test(line))) {
        serverBlocks++
        continue
      }
      if (block.some((line) => DEPLOYMENT_BLOCK.test(line))) {
        deploymentBlocks++
        continue
      }
      const text = script(block)
      if (text.trim() === '') continue
      const run = await runScript(text, cwd)
      expect(run.code, `${block.join('\n')}\n---\n${run.output.slice(-3000)}`).toBe(0)
    }
  }, 600_000)

  it("README.md's command table names every option the author's commands take (as their --help lists them)", async () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
    const missing: string[] = []
    for (const command of ['run', 'build', 'new', 'dev', 'keygen', 'sign', 'submit', 'verify']) {
      const row = readme.split('\n').find((line) => line.startsWith('| ') && line.includes(`\`bund ${command} `))
      expect(row, `README.md has a table row for bund ${command}`).toBeDefined()
      const help = (await bund([command, '--help'])).stdout.replace(/\x1b\[[0-9;]*m/g, '')
      const options = [...help.matchAll(/^\s+(--[a-z][a-z-]*)/gm)].map((m) => m[1]!)
      expect(options.length, command).toBeGreaterThan(0)
      // citty lists a negatable boolean both ways (--build, --no-build); the docs name the one you type.
      for (const option of options) if (!row!.includes(option) && !row!.includes(option.replace(/^--/, '--no-')) && !(option.startsWith('--no-') && row!.includes(option.replace(/^--no-/, '--')))) missing.push(`bund ${command} ${option}`)
    }
    expect(missing).toEqual([])
  }, 120_000)

  it('the skip and substitution lists name only lines the docs still have, each with a reason', () => {
    expect(serverBlocks).toBeGreaterThan(0)
    expect(deploymentBlocks).toBeGreaterThan(0)
    for (const [line, reason] of Object.entries(SKIPPED)) {
      expect(used.has(line), `skipped line no longer documented: ${line}`).toBe(true)
      expect(reason.length).toBeGreaterThan(10)
    }
    for (const [line, sub] of Object.entries(SUBSTITUTED)) {
      expect(used.has(line), `substituted line no longer documented: ${line}`).toBe(true)
      expect(sub.reason.length).toBeGreaterThan(3)
    }
  })
})
