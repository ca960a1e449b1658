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
import { append, bare, clip, create, entries, hasOwn, ownKeys } from './intrinsics.js'
import { type OutputProblem, sealOutput } from './output-check.js'

export { checkOutput, MAX_OUTPUT_DEPTH, MAX_OUTPUT_STRING, type OutputProblem } from './output-check.js'

/** What the host passes to `entry`. */
export interface RuntimePayload {
  /** Per dataset: its partitions and its companion tables (by companion name). */
  datasets: Record<string, { evaluation: TableData; training: TableData; related?: Record<string, TableData> }>
  params: unknown
  seed: number
  logBytes: number
  /** The output's size limit in bytes of JSON, checked before the output is copied out. */
  outputBytes?: number
}

/** One captured log line. */
export interface LogLine {
  level: 'info' | 'warn' | 'error'
  message: string
}

/** The failures the runtime itself can tell. */
export type RuntimeErrorCode = 'SCENARIO_THREW' | 'PARAMS_INVALID' | 'SCENARIO_INVALID' | 'OUTPUT_INVALID' | 'OUTPUT_TOO_LARGE'

/** The run's read-set: per dataset (companions as `dataset/companion`), the columns whose values the scenario read. */
export type ReadSet = Record<string, string[]>

/** What `entry` resolves to: an output, or the scenario's own error, plus what it logged and read. */
export type RuntimeResult =
  | { ok: true; output: unknown; logs: LogLine[]; logsTruncated: boolean; reads?: ReadSet }
  | { ok: false; error: { code: RuntimeErrorCode; message: string; stack?: string }; logs: LogLine[]; logsTruncated: boolean; reads?: ReadSet }

/** The name the scenario bundle's IIFE assigns its exports to. */
export const SCENARIO_GLOBAL = '__bund_scenario'
/** The file name scenario code is compiled under, so its stack frames are recognisable. */
export const SCENARIO_FILENAME = 'scenario.js'
/** The file name of this runtime, whose frames are removed from the scenario's stacks. */
export const RUNTIME_FILENAME = 'bund-runtime.js'

/** Error messages and stacks are cut here: a scenario's error must not flood the host's records. */
const MAX_MESSAGE = 2000
const MAX_STACK = 16_000

/** Always a string, whatever the value does (scenario code may have replaced JSON or String). */
function describe(value: unknown): string {
  if (typeof value === 'string') return value
  try {
    const text: unknown = JSON.stringify(value) ?? String(value)
    return typeof text === 'string' ? text : '[unprintable]'
  } catch {
    return '[unprintable]'
  }
}

function errorOf(thrown: unknown, code: 'SCENARIO_THREW' | 'PARAMS_INVALID' | 'SCENARIO_INVALID') {
  // The thrown value is the scenario's: its getters and Proxy traps may throw or return anything.
  try {
    if (thrown instanceof Error) {
      const raw: unknown = thrown.stack
      const filtered: unknown = typeof raw === 'string' ? clip(raw, MAX_STACK).split('\n').filter((l) => !l.includes(RUNTIME_FILENAME)).join('\n') : undefined
      const message = clip(`${describe(thrown.name)}: ${describe(thrown.message)}`, MAX_MESSAGE)
      return bare({ code, message, ...(typeof filtered === 'string' ? { stack: filtered } : {}) })
    }
    return bare({ code, message: `threw a non-error value: ${clip(describe(thrown), 500)}` })
  } catch {
    return bare({ code, message: 'threw a value that cannot be read (its properties throw)' })
  }
}

/** zod-style issues as `path: message`, else the error's message. */
function describeParamsError(error: { message: string; issues?: Array<{ path: PropertyKey[]; message: string }> }): string {
  if (!Array.isArray(error.issues)) return error.message
  return error.issues.map((i) => `${i.path.length > 0 ? i.path.map(String).join('.') : '(params)'}: ${i.message}`).join('; ')
}

/**
 * A clock that gives the run's fixed instant whichever way it is read: `Date` (also through
 * `Date.prototype.constructor`, a subclass or `Reflect.construct`), `Date.now`, and the
 * `Intl.DateTimeFormat` methods that default to "now". The real constructor stays reachable from
 * nowhere. The time zone is the worker's, which the pool starts as UTC.
 */
function installClock(clockMs: number): void {
  const RealDate = Date
  const proto = RealDate.prototype
  const construct = Reflect.construct
  const fixed = {
    Date: function (this: unknown, ...args: unknown[]) {
      if (new.target === undefined) return construct(RealDate, [clockMs], FixedDate).toString()
      return construct(RealDate, args.length === 0 ? [clockMs] : args, new.target)
    },
  }
  const FixedDate = fixed.Date as unknown as DateConstructor
  Object.defineProperty(FixedDate, 'length', { value: 7 })
  Object.defineProperty(FixedDate, 'prototype', { value: proto, writable: false })
  Object.defineProperty(FixedDate, 'now', { value: () => clockMs, writable: true, configurable: true })
  Object.defineProperty(FixedDate, 'parse', { value: RealDate.parse, writable: true, configurable: true })
  Object.defineProperty(FixedDate, 'UTC', { value: RealDate.UTC, writable: true, configurable: true })
  Object.defineProperty(proto, 'constructor', { value: FixedDate, writable: true, configurable: true })
  Object.defineProperty(globalThis, 'Date', { value: FixedDate, writable: true, configurable: true })
  // `format()` and `formatToParts()` without a date mean now.
  const dtf = Intl.DateTimeFormat.prototype
  const formatGetter = Object.getOwnPropertyDescriptor(dtf, 'format')?.get
  const formatToParts = dtf.formatToParts
  if (formatGetter !== undefined) {
    Object.defineProperty(dtf, 'format', {
      configurable: true,
      get(this: Intl.DateTimeFormat) {
        const format = Reflect.apply(formatGetter, this, []) as (date?: Date | number) => string
        return (date?: Date | number) => format(date === undefined ? clockMs : date)
      },
    })
  }
  Object.defineProperty(dtf, 'formatToParts', {
    configurable: true,
    writable: true,
    value: function (this: Intl.DateTimeFormat, date?: Date | number) {
      return Reflect.apply(formatToParts, this, [date === undefined ? clockMs : date])
    },
  })
  // Clocks this V8 may offer beside Date: none is left.
  for (const name of ['performance', 'Temporal']) Reflect.deleteProperty(globalThis, name)
}

function installDeterminism(seed: number, clockMs: number): void {
  const random = createRandom(seed ^ 0x5bd1e995)
  Math.random = () => random.next()
  installClock(clockMs)
}

/**
 * The checked copy of a run's output (see output-check.ts), made in one synchronous call right
 * before the host copies the result out: no scenario code runs between the check and the copy.
 */
function seal(result: RuntimeResult, outputBytes: number): RuntimeResult {
  if (!result.ok) return result
  const sealed = sealOutput(result.output, outputBytes)
  const reads = result.reads === undefined ? {} : { reads: result.reads }
  if (hasOwn(sealed, 'code')) return bare({ ok: false, error: bare(sealed as OutputProblem), logs: result.logs, logsTruncated: result.logsTruncated, ...reads })
  return bare({ ok: true, output: (sealed as { value: unknown }).value, logs: result.logs, logsTruncated: result.logsTruncated, ...reads })
}

/** Called by the host with the run's seed and clock; returns the entry point. */
export function setup(seed: number, clockMs: number, progress: (fraction: number, message: string) => void) {
  installDeterminism(seed, clockMs)
  // Every object `entry` resolves with is prototype-less (`bare`): a scenario that defines
  // `Object.prototype.then` cannot take over the resolution and hand the host a forged result.
  const entry = async function entry(payload: RuntimePayload): Promise<RuntimeResult> {
    const logs: LogLine[] = []
    let logBytes = 0
    let logsTruncated = false
    const write = (level: LogLine['level']) => (...args: unknown[]) => {
      if (logsTruncated) return
      let message = ''
      for (let i = 0; i < args.length; i++) message += (i === 0 ? '' : ' ') + describe(args[i])
      logBytes += message.length + 8
      if (logBytes > payload.logBytes) {
        logsTruncated = true
        return
      }
      append(logs, bare({ level, message }))
    }
    const exported = (globalThis as Record<string, unknown>)[SCENARIO_GLOBAL] as { default?: ScenarioDefinition } | undefined
    const def = exported?.default
    if (def === undefined || typeof def !== 'object' || typeof def.run !== 'function') {
      return bare({ ok: false, error: { code: 'SCENARIO_INVALID', message: 'the bundle has no default export made with defineScenario' }, logs, logsTruncated })
    }
    let params: unknown = payload.params ?? {}
    if (def.params !== undefined) {
      const parsed = def.params.safeParse(params)
      if (!parsed.success) return bare({ ok: false, error: { code: 'PARAMS_INVALID', message: clip(describe(describeParamsError(parsed.error)), MAX_MESSAGE) }, logs, logsTruncated })
      params = parsed.data
    }
    // The read-set: kept in prototype-less records only this closure can reach, filled by the
    // tables' read hooks (plain property writes: nothing a scenario can patch intercepts them).
    const readRecords: Record<string, Record<string, true>> = create(null)
    const recorder = (dataset: string) => {
      const seen: Record<string, true> = create(null)
      readRecords[dataset] = seen
      return (column: string) => {
        seen[column] = true
      }
    }
    const data: Record<string, Table> = {}
    const training: Record<string, Table> = {}
    const related: Record<string, Record<string, Table>> = {}
    const datasets = entries(payload.datasets)
    for (let d = 0; d < datasets.length; d++) {
      const [name, parts] = datasets[d]!
      const onRead = recorder(name)
      data[name] = new Table(parts.evaluation, onRead)
      training[name] = new Table(parts.training, onRead)
      const companions: Record<string, Table> = {}
      const relatedParts = entries(parts.related ?? {})
      for (let c = 0; c < relatedParts.length; c++) {
        const [companion, table] = relatedParts[c]!
        companions[companion] = new Table(table, recorder(`${name}/${companion}`))
      }
      related[name] = companions
    }
    const readSet = (): ReadSet => {
      const out: ReadSet = create(null)
      const names = ownKeys(readRecords) as string[]
      for (let d = 0; d < names.length; d++) {
        const columns: string[] = []
        const read = ownKeys(readRecords[names[d]!]!) as string[]
        for (let c = 0; c < read.length; c++) append(columns, read[c]!)
        out[names[d]!] = columns
      }
      return out
    }
    let lastProgress = -1
    let progressSent = 0
    const ctx = {
      data,
      training,
      related,
      params,
      seed: payload.seed,
      random: createRandom(payload.seed),
      log: { info: write('info'), warn: write('warn'), error: write('error') },
      progress(fraction: number, message = '') {
        // Only steps forward of at least 1% reach the host, so a scenario cannot flood it. No
        // global (Math, Number) is used: the scenario may have replaced them.
        let f = +fraction
        if (!(f >= 0)) f = 0
        if (f > 1) f = 1
        if (f < lastProgress + 0.01 && !(f === 1 && lastProgress < 1)) return
        if (++progressSent > 200) return
        lastProgress = f
        progress(f, clip(describe(message), 200))
      },
    }
    try {
      const output = await def.run(ctx as never)
      return bare({ ok: true, output, logs, logsTruncated, reads: readSet() })
    } catch (thrown) {
      return bare({ ok: false, error: errorOf(thrown, 'SCENARIO_THREW'), logs, logsTruncated, reads: readSet() })
    }
  }
  const guardedEntry = async function guardedEntry(payload: RuntimePayload): Promise<RuntimeResult> {
    try {
      return await entry(payload)
    } catch (thrown) {
      // Scenario code outside `run` (a params schema, a getter) threw before the run began.
      return bare({ ok: false, error: errorOf(thrown, 'SCENARIO_THREW'), logs: [], logsTruncated: false })
    }
  }
  // The host awaits `entry` (its result stays here, by reference), then calls `seal` on it and copies that.
  return bare({ entry: guardedEntry, seal })
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
