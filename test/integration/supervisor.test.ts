import { afterAll, describe, expect, it } from 'vitest'
import { BundError, WorkerPool, loadRulePacks, loadScenarioDir, openStore, runScenario, workerEntry } from '@bund/core'
import { fixture, tempDir } from '../helpers/cli.js'

describe('the sandbox supervisor', () => {
  const pool = new WorkerPool({ entry: workerEntry(), size: 1 })
  afterAll(() => pool.close())

  it('records SANDBOX_CRASHED when the worker is killed mid-run, and the next run works', async () => {
    const store = await openStore(tempDir())
    const rulePacks = loadRulePacks()
    const slow = runScenario(store, pool, { scenario: loadScenarioDir(fixture('slow')), seed: 1, rulePacks })
    // Wait for the worker to exist and be busy, then kill it from outside.
    let pid: number | undefined
    for (let i = 0; i < 100 && pid === undefined; i++) {
      await new Promise((r) => setTimeout(r, 20))
      pid = pool.pids()[0]
    }
    expect(pid).toBeTypeOf('number')
    await new Promise((r) => setTimeout(r, 300))
    process.kill(pid!, 'SIGKILL')
    const crashed = await slow
    expect(crashed.status).toBe('failed')
    expect(crashed.error?.code).toBe('SANDBOX_CRASHED')
    expect((await store.getRun(crashed.runId))?.status).toBe('failed')

    const next = await runScenario(store, pool, { scenario: loadScenarioDir(fixture('echo-random')), seed: 1, rulePacks })
    expect(next.status).toBe('published')
    expect(pool.pids()[0]).not.toBe(pid)
    await store.close()
  })

  it('keeps working after a memory blow-up and a timeout', async () => {
    const store = await openStore(tempDir())
    const rulePacks = loadRulePacks()
    const bomb = await runScenario(store, pool, { scenario: loadScenarioDir(fixture('heap-bomb')), seed: 1, rulePacks })
    expect(bomb.error?.code).toBe('SANDBOX_MEMORY')
    const loop = await runScenario(store, pool, { scenario: loadScenarioDir(fixture('infinite-loop')), seed: 1, rulePacks })
    expect(loop.error?.code).toBe('SANDBOX_TIMEOUT')
    const ok = await runScenario(store, pool, { scenario: loadScenarioDir(fixture('echo-random')), seed: 1, rulePacks })
    expect(ok.status).toBe('published')
    await store.close()
  })
})

describe('a worker that holds too much memory after a job', () => {
  const pool = new WorkerPool({ entry: workerEntry(), size: 1 })
  afterAll(() => pool.close())

  it('is replaced before the next job, not counted as a crash, and stays while under the bound', async () => {
    const store = await openStore(tempDir())
    const rulePacks = loadRulePacks()
    const ordinary = loadScenarioDir(fixture('echo-random'))
    expect((await runScenario(store, pool, { scenario: ordinary, seed: 1, rulePacks })).status).toBe('published')
    const first = (await pool.health()).pid
    // Under the bound: the same worker takes the next job.
    expect((await runScenario(store, pool, { scenario: ordinary, seed: 2, rulePacks })).status).toBe('published')
    expect((await pool.health()).pid).toBe(first)
    expect(pool.retired).toBe(0)
    // Every worker is above a bound of one byte: replaced after the job, and the run still publishes.
    pool.retireAboveRssBytes = 1
    expect((await runScenario(store, pool, { scenario: ordinary, seed: 3, rulePacks })).status).toBe('published')
    expect(pool.retired).toBe(1)
    expect(pool.crashes).toBe(0)
    expect((await pool.health()).pid).not.toBe(first)
    await store.close()
  })
})

describe('a catastrophic isolated-vm error', () => {
  // A worker whose onCatastrophicError handler is the real one (see the helper for why it is simulated).
  const pool = new WorkerPool({ entry: new URL('../helpers/catastrophe-worker.mjs', import.meta.url), size: 1 })
  afterAll(() => pool.close())

  it('ends the worker cleanly, fails the job with SANDBOX_CRASHED, and the next job gets a new worker', async () => {
    expect(await pool.run({ type: 'hello' }, { deadlineMs: 20_000 })).toEqual({ echo: { type: 'hello' } })
    const before = (await pool.health()).pid
    const error = await pool.run({ type: 'catastrophe' }, { deadlineMs: 20_000 }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BundError)
    expect((error as BundError).code).toBe('SANDBOX_CRASHED')
    expect((error as BundError).message).toMatch(/catastrophic isolated-vm error \(simulated: V8 lost control of an isolate\)/)
    expect(pool.crashes).toBe(1)
    expect(await pool.run({ type: 'again' }, { deadlineMs: 20_000 })).toEqual({ echo: { type: 'again' } })
    expect((await pool.health()).pid).not.toBe(before)
  })
})
