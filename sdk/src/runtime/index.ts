/**
 * The sandbox runtime: the first script evaluated in every isolate context, before the scenario.
 * Its completion value is `setup`, which the host calls once with the run's seed and clock; setup
 * makes `Math.random` seeded and the clock fixed, then hands back `entry`, which builds `ctx` from
 * the transferred datasets and calls the scenario. Nothing of the host ever reaches the scenario:
 * only plain data comes in, and only plain data goes out.
 */
import type { ScenarioDefinition } from '../define-scenario.js'
import { createRandom } from '../random.js'
import { Table, type TableData } from '../table.js'

/** What the host passes to `entry`. */
export interface RuntimePayload {
  /** Per dataset: its partitions and its companion tables (by companion name). */
  datasets: Record<string, { evaluation: TableData; training: TableData; related?: Record<string, TableData> }>
  params: unknown
  seed: number
  logBytes: number
}

/** One captured log line. */
export interface LogLine {
  level: 'info' | 'warn' | 'error'
  message: string
}

/** What `entry` resolves to: an output, or the scenario's own error, plus what it logged. */
export type RuntimeResult =
  | { ok: true; output: unknown; logs: LogLine[]; logsTruncated: boolean }
  | { ok: false; error: { code: 'SCENARIO_THREW' | 'PARAMS_INVALID' | 'SCENARIO_INVALID'; message: string; stack?: string }; logs: LogLine[]; logsTruncated: boolean }

/** The name the scenario bundle's IIFE assigns its exports to. */
export const SCENARIO_GLOBAL = '__bund_scenario'
/** The file name scenario code is compiled under, so its stack frames are recognisable. */
export const SCENARIO_FILENAME = 'scenario.js'
/** The file name of this runtime, whose frames are removed from the scenario's stacks. */
export const RUNTIME_FILENAME = 'bund-runtime.js'

function describe(value: unknown): string {
  if (typeof value === 'string') return value
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return Object.prototype.toString.call(value)
  }
}

function errorOf(thrown: unknown, code: 'SCENARIO_THREW' | 'PARAMS_INVALID' | 'SCENARIO_INVALID') {
  if (thrown instanceof Error) {
    const stack = typeof thrown.stack === 'string' ? thrown.stack.split('\n').filter((l) => !l.includes(RUNTIME_FILENAME)).join('\n') : undefined
    return { code, message: `${thrown.name}: ${thrown.message}`, ...(stack === undefined ? {} : { stack }) }
  }
  return { code, message: `threw a non-error value: ${describe(thrown).slice(0, 500)}` }
}

/** zod-style issues as `path: message`, else the error's message. */
function describeParamsError(error: { message: string; issues?: Array<{ path: PropertyKey[]; message: string }> }): string {
  if (!Array.isArray(error.issues)) return error.message
  return error.issues.map((i) => `${i.path.length > 0 ? i.path.map(String).join('.') : '(params)'}: ${i.message}`).join('; ')
}

function installDeterminism(seed: number, clockMs: number): void {
  const random = createRandom(seed ^ 0x5bd1e995)
  Math.random = () => random.next()
  const RealDate = Date
  // A fixed clock: `new Date()` and `Date.now()` give the run's clock; explicit dates still work.
  const FixedDate = function (this: unknown, ...args: unknown[]) {
    if (!new.target) return new RealDate(clockMs).toString()
    return args.length === 0 ? new RealDate(clockMs) : new (RealDate as unknown as new (...a: unknown[]) => Date)(...args)
  } as unknown as DateConstructor
  Object.setPrototypeOf(FixedDate, RealDate)
  Object.defineProperty(FixedDate, 'prototype', { value: RealDate.prototype })
  Object.defineProperty(FixedDate, 'now', { value: () => clockMs })
  globalThis.Date = FixedDate
}

/** Called by the host with the run's seed and clock; returns the entry point. */
export function setup(seed: number, clockMs: number, progress: (fraction: number, message: string) => void) {
  installDeterminism(seed, clockMs)
  return async function entry(payload: RuntimePayload): Promise<RuntimeResult> {
    const logs: LogLine[] = []
    let logBytes = 0
    let logsTruncated = false
    const write = (level: LogLine['level']) => (...args: unknown[]) => {
      if (logsTruncated) return
      const message = args.map(describe).join(' ')
      logBytes += message.length + 8
      if (logBytes > payload.logBytes) {
        logsTruncated = true
        return
      }
      logs.push({ level, message })
    }
    const exported = (globalThis as Record<string, unknown>)[SCENARIO_GLOBAL] as { default?: ScenarioDefinition } | undefined
    const def = exported?.default
    if (def === undefined || typeof def !== 'object' || typeof def.run !== 'function') {
      return { ok: false, error: { code: 'SCENARIO_INVALID', message: 'the bundle has no default export made with defineScenario' }, logs, logsTruncated }
    }
    let params: unknown = payload.params ?? {}
    if (def.params !== undefined) {
      const parsed = def.params.safeParse(params)
      if (!parsed.success) return { ok: false, error: { code: 'PARAMS_INVALID', message: describeParamsError(parsed.error) }, logs, logsTruncated }
      params = parsed.data
    }
    const data: Record<string, Table> = {}
    const training: Record<string, Table> = {}
    const related: Record<string, Record<string, Table>> = {}
    for (const [name, parts] of Object.entries(payload.datasets)) {
      data[name] = new Table(parts.evaluation)
      training[name] = new Table(parts.training)
      related[name] = Object.fromEntries(Object.entries(parts.related ?? {}).map(([companion, table]) => [companion, new Table(table)]))
    }
    let lastProgress = -1
    const ctx = {
      data,
      training,
      related,
      params,
      seed: payload.seed,
      random: createRandom(payload.seed),
      log: { info: write('info'), warn: write('warn'), error: write('error') },
      progress(fraction: number, message = '') {
        const f = Math.min(1, Math.max(0, Number(fraction) || 0))
        if (f - lastProgress < 0.01 && f < 1) return
        lastProgress = f
        progress(f, String(message).slice(0, 200))
      },
    }
    try {
      const output = await def.run(ctx as never)
      return { ok: true, output, logs, logsTruncated }
    } catch (thrown) {
      return { ok: false, error: errorOf(thrown, 'SCENARIO_THREW'), logs, logsTruncated }
    }
  }
}

/** Reads the static part of a definition (everything but functions), for building a manifest. */
export function describeScenario(): unknown {
  const exported = (globalThis as Record<string, unknown>)[SCENARIO_GLOBAL] as { default?: ScenarioDefinition } | undefined
  const def = exported?.default
  if (def === undefined || typeof def !== 'object' || typeof def.run !== 'function') {
    throw new Error('the bundle has no default export made with defineScenario')
  }
  const params = def.params as { toJSONSchema?: (options?: { io: 'input' }) => unknown } | undefined
  const { run: _run, params: _params, ...rest } = def
  return { ...JSON.parse(JSON.stringify(rest)), ...(params?.toJSONSchema ? { paramsSchema: params.toJSONSchema({ io: 'input' }) } : {}) }
}
