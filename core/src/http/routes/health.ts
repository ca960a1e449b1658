/** /healthz (liveness and the queue's figures) and /metrics (Prometheus text format). */
import { createRoute, z } from '@hono/zod-openapi'
import { RUNTIME_VERSION } from '../../runner/version.js'
import { router } from './router.js'

const HealthSchema = z
  .object({
    status: z.enum(['ok', 'degraded']).openapi({ description: '`degraded` while a sandbox worker is stuck (busy past what its run should take; the pool kills it at the run\'s deadline)' }),
    version: z.string(),
    workers: z.object({ total: z.number(), busy: z.number(), stuck: z.number(), stuckPids: z.array(z.number()) }).optional(),
    queue: z.object({
      concurrency: z.number(),
      capacity: z.number(),
      queued: z.number(),
      running: z.number(),
      finished: z.number(),
      rejected: z.number(),
      meanTaskMs: z.number(),
      workersAlive: z.number().int().optional().openapi({ description: 'With a database: `bund worker` processes whose heartbeat is recent' }),
      runs: z.record(z.string(), z.number().int()).optional().openapi({ description: 'With a database: recorded runs per status' }),
    }).openapi({ description: 'With a database, figures of the whole instance read from it (refreshed every second); embedded, this process\'s queue' }),
    store: z
      .object({
        writable: z.boolean(),
        writeFault: z.string().optional().openapi({ description: 'DISK_FULL, STORE_READONLY or STORE_PERMISSION: reads are served, writes refused' }),
        missingSegments: z.number().int(),
      })
      .openapi({ description: 'The data directory: whether writes are possible, and sealed segments that could not be read' }),
  })
  .openapi('Health')

const healthz = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['operations'],
  summary: 'Liveness, version and run-queue figures',
  responses: { 200: { description: 'Alive', content: { 'application/json': { schema: HealthSchema } } } },
})

const metrics = createRoute({
  method: 'get',
  path: '/metrics',
  tags: ['operations'],
  summary: 'Prometheus metrics',
  responses: { 200: { description: 'Text exposition format 0.0.4', content: { 'text/plain': { schema: z.string() } } } },
})

export const healthRoutes = router()
  .openapi(healthz, async (c) => {
    const deps = c.get('deps')
    const fault = deps.store.writeFault()
    const storeState = { writable: fault === undefined, ...(fault ? { writeFault: fault.code } : {}), missingSegments: (await deps.store.missingSegments()).length }
    const workers = deps.workers?.()
    const stuck = workers?.filter((w) => w.stuck) ?? []
    return c.json(
      {
        status: stuck.length > 0 ? ('degraded' as const) : ('ok' as const),
        version: RUNTIME_VERSION,
        ...(workers ? { workers: { total: workers.length, busy: workers.filter((w) => w.busy).length, stuck: stuck.length, stuckPids: stuck.flatMap((w) => (w.pid === null ? [] : [w.pid])) } } : {}),
        queue: deps.queue.stats(),
        store: storeState,
      },
      200,
    )
  })
  .openapi(metrics, (c) => {
    const { metrics, queue, workerCrashes } = c.get('deps')
    return c.text(metrics.render(queue.stats(), workerCrashes()), 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' })
  })
