/**
 * /api/v1/runs: an operator submits a run of a registered scenario version and gets 202 with its id
 * at once; the run waits in the bounded queue for a sandbox worker. Its status, its report once
 * recorded, and a server-sent-events stream of its progress are readable by operators and by
 * authors of the scenario's org (to anyone else the run does not exist).
 */
import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { type SSEStreamingApi, streamSSE } from 'hono/streaming'
import { BundError, parseScenarioRef } from '../../kernel/index.js'
import { scenarioIdSchema, scenarioRefSchema, versionSchema, MAX_ROWS } from '../../model/index.js'
import { checkParams } from '../../manifest/params-schema.js'
import type { RunRecord } from '../../model/index.js'
import type { AppEnv, ServerQueue } from '../env.js'
import { allow } from '../middleware/auth/index.js'
import { bearer, problems } from '../openapi.js'
import { actorOf, mayReadPrivate, privateScope } from '../principal.js'
import { IdParam, PageQuerySchema, RunRecordSchema, RunStatusSchema, pageOf } from '../schemas.js'
import { boundedPage } from '../page.js'
import { router } from './router.js'

const RUN_ID = /^run_[0-9a-f-]{36}$/

const SubmitSchema = z
  .object({
    scenario: scenarioRefSchema.meta({ example: 'bund/credit-scoring@1.0.0' }),
    version: versionSchema.optional().openapi({ description: 'The version, unless given in `scenario`; default the latest' }),
    seed: z.number().int().min(0).max(0xffff_ffff).default(1),
    rows: z.number().int().min(1).max(MAX_ROWS).nullable().optional().openapi({ description: "Rows in each evaluation dataset; default the manifest's" }),
    params: z.record(z.string(), z.unknown()).default({}).openapi({ description: "The scenario's parameters (checked against its params schema)" }),
  })
  .strict()
  .openapi('RunSubmission')

const Accepted = z
  .object({ id: z.string(), state: z.enum(['queued', 'running']), position: z.number().int().optional(), status: z.string(), events: z.string() })
  .openapi('RunAccepted')

const RunListQuery = PageQuerySchema.extend({
  scenario: scenarioIdSchema.optional().openapi({ param: { name: 'scenario', in: 'query' } }),
  status: z.enum(['published', 'held', 'failed']).optional().openapi({ param: { name: 'status', in: 'query' } }),
})

const submit = createRoute({
  method: 'post',
  path: '/runs',
  tags: ['runs'],
  summary: 'Queue a run (operator)',
  security: bearer,
  middleware: [allow('operator')] as const,
  request: { body: { required: true, content: { 'application/json': { schema: SubmitSchema } } } },
  responses: {
    202: { description: 'Queued; poll `status` or follow `events`', content: { 'application/json': { schema: Accepted } } },
    ...problems(400, 401, 403, 404, 413, 429),
  },
})

const list = createRoute({
  method: 'get',
  path: '/runs',
  tags: ['runs'],
  summary: 'Recorded runs, newest first (operator: all; author: its org)',
  security: bearer,
  middleware: [allow('operator', 'author')] as const,
  request: { query: RunListQuery },
  responses: { 200: { description: 'A page of runs', content: { 'application/json': { schema: pageOf(RunRecordSchema, 'RunPage') } } }, ...problems(400, 401, 403) },
})

const status = createRoute({
  method: 'get',
  path: '/runs/{id}',
  tags: ['runs'],
  summary: "A run's state, and its report once recorded",
  security: bearer,
  middleware: [allow('operator', 'author')] as const,
  request: { params: IdParam('run', 'run_00000000-0000-0000-0000-000000000000', RUN_ID) },
  responses: { 200: { description: 'The run', content: { 'application/json': { schema: RunStatusSchema } } }, ...problems(400, 401, 403, 404) },
})

const events = createRoute({
  method: 'get',
  path: '/runs/{id}/events',
  tags: ['runs'],
  summary: "A run's progress as server-sent events",
  description: 'Events: `state` (queued, running), `progress` ({fraction, message}), and a last `done` with the RunStatus; then the stream ends.',
  security: bearer,
  middleware: [allow('operator', 'author')] as const,
  request: { params: IdParam('run', 'run_00000000-0000-0000-0000-000000000000', RUN_ID) },
  responses: { 200: { description: 'An event stream', content: { 'text/event-stream': { schema: z.string() } } }, ...problems(400, 401, 403, 404) },
})

type RunStatus = z.infer<typeof RunStatusSchema>

/** The run as a client sees it, from the queue while it is there, else from the store. */
async function runStatus(c: Context<AppEnv>, id: string): Promise<RunStatus> {
  const { queue, store } = c.get('deps')
  const principal = c.get('principal')
  const entry = queue.get(id) ?? (await queue.find?.(id))
  const record = entry === undefined || entry.state === 'finished' ? await store.getRun(id) : undefined
  const scenario = entry?.meta.scenario ?? record?.scenario
  if (scenario === undefined || !mayReadPrivate(principal, scenario)) throw new BundError('NOT_FOUND', `no run ${id}`)
  if (record !== undefined) return fromRecord(record)
  return fromEntry(entry!)
}

function fromRecord(record: RunRecord): RunStatus {
  return {
    id: record.id,
    scenario: record.scenario,
    version: record.version,
    seed: record.seed,
    state: 'finished',
    status: record.status,
    ...(record.publicationId ? { publicationId: record.publicationId } : {}),
    ...(record.error ? { error: { code: record.error.code, message: record.error.message } } : {}),
    report: record,
  }
}

function fromEntry(entry: NonNullable<ReturnType<ServerQueue['get']>>): RunStatus {
  return {
    id: entry.id,
    scenario: entry.meta.scenario,
    version: entry.meta.version,
    seed: entry.meta.seed,
    state: entry.state,
    ...(entry.position !== undefined && entry.position >= 0 ? { position: entry.position } : {}),
    progress: entry.progress,
    ...(entry.result ? { status: entry.result.status } : {}),
    ...(entry.result?.publicationId ? { publicationId: entry.result.publicationId } : {}),
    ...(entry.error ? { error: entry.error } : {}),
  }
}

export const runRoutes = router()
  .openapi(submit, async (c) => {
    const deps = c.get('deps')
    const body = c.req.valid('json')
    const { id, version: refVersion } = parseScenarioRef(body.scenario)
    if (refVersion !== undefined && body.version !== undefined && refVersion !== body.version) {
      throw new BundError('VALIDATION_FAILED', `body.version: ${body.version} contradicts ${body.scenario}`)
    }
    const version = refVersion ?? body.version
    const record = await deps.store.getScenario(id, version)
    if (record === undefined) throw new BundError('SCENARIO_NOT_FOUND', `no registered scenario ${id}${version ? `@${version}` : ''}; upload it first (POST /api/v1/scenarios)`)
    // 422 now, not a failed run later: the same check runScenario makes.
    checkParams(record.manifest, body.params)
    const entry = await deps.submitRun({ scenario: id, version: record.version, seed: body.seed, rows: body.rows ?? null, params: body.params, actor: actorOf(c.get('principal')) })
    const statusUrl = `/api/v1/runs/${entry.id}`
    c.header('Location', statusUrl)
    return c.json(
      {
        id: entry.id,
        state: entry.state === 'running' ? ('running' as const) : ('queued' as const),
        ...(entry.position !== undefined && entry.position >= 0 ? { position: entry.position } : {}),
        status: statusUrl,
        events: `${statusUrl}/events`,
      },
      202,
    )
  })
  .openapi(list, async (c) => {
    const { store } = c.get('deps')
    const principal = c.get('principal')
    const { offset, limit, scenario, status } = c.req.valid('query')
    const page = await store.listRuns({ ...(scenario ? { scenario } : {}), ...(status ? { status } : {}), ...privateScope(principal), offset, limit })
    return c.json(boundedPage(page), 200)
  })
  .openapi(status, async (c) => c.json(await runStatus(c, c.req.valid('param').id), 200))
  .openapi(events, async (c) => {
    const { id } = c.req.valid('param')
    const first = await runStatus(c, id)
    const { queue, streams } = c.get('deps')
    const principal = c.get('principal')
    const release = streams.acquire(principal.role === 'public' ? 'public' : principal.tokenId)
    return streamSSE(c, async (stream) => {
      stream.onAbort(release)
      try {
        await followRun(stream, first)
      } finally {
        release()
      }
    })

    async function followRun(stream: SSEStreamingApi, first: RunStatus): Promise<void> {
      if (first.state === 'finished' || first.state === 'rejected') {
        await stream.writeSSE({ event: 'done', data: JSON.stringify(first) })
        return
      }
      await stream.writeSSE({ event: 'state', data: JSON.stringify({ state: first.state, position: first.position }) })
      await new Promise<void>((resolve) => {
        const unsubscribe = queue.subscribe(id, (event) => {
          if (event.type === 'progress') void stream.writeSSE({ event: 'progress', data: JSON.stringify({ fraction: event.fraction, message: event.message }) })
          else if (event.type === 'state') void stream.writeSSE({ event: 'state', data: JSON.stringify({ state: event.entry.state }) })
          else {
            unsubscribe()
            resolve()
          }
        })
        stream.onAbort(() => {
          unsubscribe()
          resolve()
        })
        // The run may have ended between the first read and the subscription.
        const now = queue.get(id)
        if (now === undefined || now.state === 'finished' || now.state === 'rejected') {
          unsubscribe()
          resolve()
        }
      })
      if (!stream.aborted) await stream.writeSSE({ event: 'done', data: JSON.stringify(await runStatus(c, id)) })
    }
  })
