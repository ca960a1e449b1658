/**
 * A server fixture for the HTTP tests: a store in a temp dir holding one published run (the built-in
 * credit-scoring, org `bund`), one held run (fixture/unfair-credit, org `fixture`), and tokens for
 * every role, with the app ready for `app.request` (and `startServer` for real sockets).
 */
import { join } from 'node:path'
import { type AppDeps, createApp, createDeps, issueToken } from '@bund/core/http'
import { loadScenarioDir, openStore, parseRulePack, type RulePack, runScenario, type Store, WorkerPool, workerEntry } from '@bund/core'
import { pino } from 'pino'
import { ROOT, fixture, tempDir } from './cli.js'

export const CREDIT_SCORING = join(ROOT, 'scenarios', 'credit-scoring')

/**
 * A pinned rule pack, so the fixture's outcomes do not move as the built-in packs grow: the
 * four-fifths rule publishes credit-scoring and holds unfair-credit.
 */
export const TEST_RULES: RulePack[] = [
  parseRulePack(
    {
      id: 'http-test',
      version: '1.0.0',
      title: 'HTTP test rules',
      rules: [
        {
          id: 'http-test/four-fifths-gender',
          title: 'Approval rates across gender within four fifths',
          citation: 'EEOC Uniform Guidelines, 29 CFR 1607.4(D)',
          remedy: 'Bring every gender\'s approval rate to at least 80% of the highest.',
          appliesTo: { kind: 'credit-decisions' },
          check: 'four-fifths',
          params: { attribute: 'gender', threshold: 0.8 },
          severity: 'block',
        },
      ],
    },
    'http-test.json',
  ),
]

export interface HttpFixture {
  store: Store
  dataDir: string
  app: ReturnType<typeof createApp>
  deps: AppDeps
  tokens: { operator: string; author: string; otherAuthor: string; publishedAuthor: string; revoked: string }
  publicationId: string
  heldRunId: string
  close(): Promise<void>
}

/** Registers a built scenario directory in the store, as an upload would. */
export async function register(store: Store, dir: string): Promise<void> {
  const s = loadScenarioDir(dir)
  store.artifacts.put(s.bundle)
  const m = s.manifest
  await store.putScenario({ id: m.id, version: m.version, title: m.title, author: m.author, category: m.category, result: m.result, bundleSha256: m.bundle.sha256, manifest: m, registeredAt: new Date().toISOString() }, 'test')
}

export async function httpFixture(options: { concurrency?: number; queueCapacity?: number } = {}): Promise<HttpFixture> {
  const dataDir = tempDir('bund-http-')
  const store = await openStore(dataDir)
  const rulePacks = TEST_RULES
  const pool = new WorkerPool({ entry: workerEntry(), size: 1 })
  let publicationId: string
  let heldRunId: string
  try {
    const published = await runScenario(store, pool, { scenario: loadScenarioDir(CREDIT_SCORING), seed: 7, rulePacks, actor: 'test' })
    if (published.publicationId === undefined) throw new Error(`credit-scoring did not publish: ${published.status}`)
    publicationId = published.publicationId
    const held = await runScenario(store, pool, { scenario: loadScenarioDir(fixture('unfair-credit')), seed: 1, rulePacks, actor: 'test' })
    if (held.status !== 'held') throw new Error(`unfair-credit was not held: ${held.status}`)
    heldRunId = held.runId
  } finally {
    await pool.close()
  }
  const revoked = await issueToken(store, { role: 'author', org: 'fixture' }, 'test')
  await store.revokeToken(revoked.record.id, 'test')
  const tokens = {
    operator: (await issueToken(store, { role: 'operator' }, 'test')).token,
    author: (await issueToken(store, { role: 'author', org: 'fixture' }, 'test')).token,
    otherAuthor: (await issueToken(store, { role: 'author', org: 'acme' }, 'test')).token,
    publishedAuthor: (await issueToken(store, { role: 'author', org: 'bund' }, 'test')).token,
    revoked: revoked.token,
  }
  const { deps, close } = createDeps({ store, rulePacks, concurrency: options.concurrency ?? 1, queueCapacity: options.queueCapacity ?? 100, logger: pino({ level: 'silent' }) })
  const app = createApp(deps)
  return {
    store,
    dataDir,
    app,
    deps,
    tokens,
    publicationId,
    heldRunId,
    async close() {
      await close()
      await store.close()
    },
  }
}

/** Headers with a bearer token (none for the public). */
export function auth(token?: string, extra: Record<string, string> = {}): Record<string, string> {
  return token === undefined ? extra : { ...extra, authorization: `Bearer ${token}` }
}

/** Polls a run until it leaves the queue (bounded: at most `timeoutMs`). */
export async function waitForRun(app: HttpFixture['app'], id: string, token: string, timeoutMs = 30_000): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const res = await app.request(`/api/v1/runs/${id}`, { headers: auth(token) })
    const body = (await res.json()) as Record<string, unknown>
    if (body['state'] === 'finished' || body['state'] === 'rejected') return body
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`run ${id} did not finish within ${timeoutMs} ms`)
}
