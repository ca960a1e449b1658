/**
 * The host↔worker protocol (core/src/sandbox/worker-protocol.ts, runner/worker-protocol.ts) is
 * checked where it crosses: a result its job's schema refuses, or a message of no known type, ends
 * the worker and fails the job with SANDBOX_CRASHED; the run worker refuses a malformed job.
 */
import { BundError, checkWith, WorkerPool, workerEntry } from '@bund/core'
import { afterAll, describe, expect, it } from 'vitest'

type EchoJobs = { health: { job: { type: 'health' }; result: never }; echo: { job: { type: 'echo'; value: unknown }; result: { value: number } }; 'off-protocol': { job: { type: 'off-protocol' }; result: never } }

const isEcho = (v: unknown) => (typeof (v as { value?: unknown }).value === 'number' ? undefined : 'value must be a number')
const pool = new WorkerPool<EchoJobs>({
  entry: { url: new URL('../helpers/protocol-worker.mjs', import.meta.url), results: { echo: checkWith<{ value: number }>(isEcho), 'off-protocol': checkWith<never>(() => 'never') } },
  size: 1,
})
const runPool = new WorkerPool({ entry: workerEntry(), size: 1 })
afterAll(() => Promise.all([pool.close(), runPool.close()]))

async function failure(p: Promise<unknown>): Promise<BundError> {
  const e = await p.then(() => undefined, (err: unknown) => err)
  expect(e).toBeInstanceOf(BundError)
  return e as BundError
}

describe('the worker protocol', () => {
  it('passes a result its schema accepts', async () => {
    expect(await pool.run({ type: 'echo', value: 7 }, { deadlineMs: 20_000 })).toEqual({ value: 7 })
  })

  it('ends a worker whose result its schema refuses, and the next job gets a new worker', async () => {
    const before = pool.crashes
    const e = await failure(pool.run({ type: 'echo', value: 'seven' }, { deadlineMs: 20_000 }))
    expect(e.code).toBe('SANDBOX_CRASHED')
    expect(e.message).toMatch(/echo result that does not match its schema \(\(value\): value must be a number\)/)
    expect(pool.crashes).toBe(before + 1)
    expect(await pool.run({ type: 'echo', value: 8 }, { deadlineMs: 20_000 })).toEqual({ value: 8 })
  })

  it('ends a worker that sends a message of no known type', async () => {
    const e = await failure(pool.run({ type: 'off-protocol' }, { deadlineMs: 20_000 }))
    expect(e.code).toBe('SANDBOX_CRASHED')
    expect(e.message).toMatch(/a malformed message \(\(value\): a message of no known type\)/)
  })

  it('the run worker refuses a run job that does not match its schema, naming the field', async () => {
    const e = await failure(runPool.run({ type: 'run', bundle: 'x' } as never, { deadlineMs: 20_000 }))
    expect(e.message).toMatch(/a malformed run job \(manifest: /)
    const unknown = await failure(runPool.run({ type: 'format-disk' } as never, { deadlineMs: 20_000 }))
    expect(unknown.message).toMatch(/this worker has no "format-disk" job/)
  })
})
