/**
 * Run events across processes: a `bund worker` publishes a run's state, progress and end with
 * PostgreSQL's NOTIFY, and every API node LISTENs, so the SSE stream of any node follows a run
 * wherever it executes. Payloads are small and bounded (NOTIFY caps them at 8000 bytes): ids,
 * figures and a clipped message, never the run's output or params.
 */
import pg from 'pg'
import { z } from 'zod'
import type { QueueState, RunOutcome } from './run-queue.js'

export const RUN_EVENTS_CHANNEL = 'bund_run_events'
const MESSAGE_CHARS = 200

const RunStatusSchema = z.enum(['published', 'held', 'failed'])
const ErrorSchema = z.object({ code: z.string().max(64), message: z.string().max(MESSAGE_CHARS) })

export const WireEventSchema = z.discriminatedUnion('type', [
  /** A run was accepted (any node): listeners refresh their view of the queue. */
  z.object({ type: z.literal('accepted'), id: z.string().max(64) }),
  z.object({ type: z.literal('running'), id: z.string().max(64), at: z.string().max(40) }),
  z.object({ type: z.literal('progress'), id: z.string().max(64), fraction: z.number().min(0).max(1), message: z.string().max(MESSAGE_CHARS) }),
  z.object({
    type: z.literal('done'),
    id: z.string().max(64),
    state: z.enum(['finished', 'rejected']),
    at: z.string().max(40),
    outcome: z.object({ runId: z.string().max(64), status: RunStatusSchema, publicationId: z.string().max(200).optional() }).optional(),
    error: ErrorSchema.optional(),
  }),
])
export type WireEvent = z.infer<typeof WireEventSchema>

export function clipMessage(message: string): string {
  return message.length <= MESSAGE_CHARS ? message : `${message.slice(0, MESSAGE_CHARS - 1)}…`
}

/** The done event of a run that ended. */
export function doneEvent(id: string, state: Extract<QueueState, 'finished' | 'rejected'>, end: { outcome?: RunOutcome; error?: { code: string; message: string } }): WireEvent {
  return {
    type: 'done',
    id,
    state,
    at: new Date().toISOString(),
    ...(end.outcome ? { outcome: { runId: end.outcome.runId, status: end.outcome.status, ...(end.outcome.publicationId ? { publicationId: end.outcome.publicationId } : {}) } } : {}),
    ...(end.error ? { error: { code: end.error.code.slice(0, 64), message: clipMessage(end.error.message) } } : {}),
  }
}

/** One event as a notification (channel and payload), for a write that sends it when it commits. */
export function runEventNotification(event: WireEvent): { channel: string; payload: string } {
  return { channel: RUN_EVENTS_CHANNEL, payload: JSON.stringify(event) }
}

/** Sends one event to every listening node. */
export async function publishRunEvent(db: pg.Pool | pg.ClientBase, event: WireEvent): Promise<void> {
  const { channel, payload } = runEventNotification(event)
  await db.query('SELECT pg_notify($1, $2)', [channel, payload])
}

/**
 * Listens on the channel with a connection of its own, reconnecting after a fault (events sent
 * while it was away are lost; the queue's periodic refresh from the database covers them).
 */
export class RunEventListener {
  #client: pg.Client | undefined
  #closed = false
  #retry: NodeJS.Timeout | undefined

  constructor(
    readonly url: string,
    readonly onEvent: (event: WireEvent) => void,
    readonly onError: (e: Error) => void,
    /** Called after every (re)connection, so the caller can catch up on what it missed. */
    readonly onConnected: () => void = () => undefined,
  ) {}

  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, application_name: 'bund-run-events' })
    client.on('error', (e) => this.#lost(client, e))
    client.on('end', () => this.#lost(client))
    client.on('notification', (n) => {
      if (n.channel !== RUN_EVENTS_CHANNEL || n.payload === undefined) return
      let parsed: unknown
      try {
        parsed = JSON.parse(n.payload)
      } catch {
        return
      }
      const event = WireEventSchema.safeParse(parsed)
      if (event.success) this.onEvent(event.data)
    })
    await client.connect()
    await client.query(`LISTEN ${RUN_EVENTS_CHANNEL}`)
    this.#client = client
    this.onConnected()
  }

  #lost(client: pg.Client, e?: Error): void {
    if (this.#closed || this.#client !== client) return
    this.#client = undefined
    if (e) this.onError(e)
    client.end().catch(() => undefined)
    this.#reconnectLater()
  }

  #reconnectLater(): void {
    if (this.#closed || this.#retry !== undefined) return
    this.#retry = setTimeout(() => {
      this.#retry = undefined
      if (this.#closed) return
      this.start().catch((err: Error) => {
        this.onError(err)
        this.#reconnectLater()
      })
    }, 1000)
  }

  async close(): Promise<void> {
    this.#closed = true
    if (this.#retry) clearTimeout(this.#retry)
    await this.#client?.end().catch(() => undefined)
    this.#client = undefined
  }
}
