/**
 * Accepted runs are never lost: every id a server returned (202) is persisted before the answer,
 * and after a crash the next server resumes the runs that were waiting or running — none answers
 * 404 — and records each one's end.
 */
import { cpSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { openStore } from '@bund/core'
import { createApp, createDeps } from '@bund/core/http'
import { pino } from 'pino'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../helpers/cli.js'
import { TEST_RULES, auth, httpFixture, waitForRun } from '../helpers/http.js'
import { allAudit } from '../helpers/store-records.js'

describe('accepted runs survive a crash', () => {
  it('runs accepted but waiting when the server died are resumed by the next one; every returned id resolves', async () => {
    const f = await httpFixture({ concurrency: 1 })
    const ids: string[] = []
    let image: string
    try {
      for (let i = 0; i < 5; i++) {
        const res = await f.app.request('/api/v1/runs', {
          method: 'POST',
          headers: auth(f.tokens.operator, { 'content-type': 'application/json' }),
          body: JSON.stringify({ scenario: 'bund/credit-scoring', seed: 100 + i }),
        })
        expect(res.status).toBe(202)
        ids.push(((await res.json()) as { id: string }).id)
      }
      // The disk as kill -9 leaves it, right after the last 202: one run at most has started.
      image = tempDir()
      cpSync(f.dataDir, image, { recursive: true })
      writeFileSync(join(image, 'lock'), `${JSON.stringify({ pid: 2 ** 22 + 9, host: hostname(), since: new Date().toISOString() })}\n`)
    } finally {
      await f.close()
    }

    const store = await openStore(image)
    const waiting = (await store.acceptedRuns()).map((r) => r.id)
    expect(waiting.length).toBeGreaterThanOrEqual(4)
    expect(waiting.every((id) => ids.includes(id))).toBe(true)
    const { deps, close } = createDeps({ store, rulePacks: TEST_RULES, concurrency: 1, logger: pino({ level: 'silent' }) })
    const app = createApp(deps)
    try {
      for (const id of ids) {
        const first = await app.request(`/api/v1/runs/${id}`, { headers: auth(f.tokens.operator) })
        expect(first.status, id).toBe(200)
      }
      for (const id of ids) {
        const done = await waitForRun(app, id, f.tokens.operator, 120_000)
        expect(done, id).toMatchObject({ state: 'finished', status: 'published' })
        expect((await store.getRun(id))?.status).toBe('published')
      }
      expect((await store.acceptedRuns())).toEqual([])
      expect((await allAudit(store)).filter((e) => e.action === 'run.accepted').map((e) => e.subject).sort()).toEqual([...ids].sort())
      expect((await store.verifyAudit()).ok).toBe(true)
    } finally {
      await close()
      await store.close()
    }
  })

  it('an accepted run refused before it runs (scenario gone) is ended with a recorded reason, not forgotten', async () => {
    const dir = tempDir()
    const store = await openStore(dir)
    await store.acceptRun({ id: 'run_00000000-0000-4000-8000-000000000001', scenario: 'acme/gone', version: '1.0.0', seed: 1, rows: null, params: {}, actor: 'operator:tok_x', acceptedAt: new Date().toISOString() })
    const { deps, ready, close } = createDeps({ store, rulePacks: TEST_RULES, concurrency: 1, logger: pino({ level: 'silent' }) })
    try {
      await ready
      await deps.queue.close()
      const run = (await store.getRun('run_00000000-0000-4000-8000-000000000001'))
      expect(run).toMatchObject({ status: 'failed', error: { code: 'SCENARIO_NOT_FOUND' } })
      expect((await store.acceptedRuns())).toEqual([])
    } finally {
      await close()
      await store.close()
    }
  })
})
