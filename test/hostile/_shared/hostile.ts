/**
 * Helpers shared by the hostile corpus. Every hostile scenario tries one attack. When the attack
 * works it calls `escaped`, which returns a valid output: the run would then be published, and the
 * corpus test, which expects a failure code, fails. When the sandbox holds, the scenario ends in
 * the code its expectation names (often `held`, which throws: SCENARIO_THREW "held: …").
 */
import { type CreditDecisions, type ScenarioContext, creditDecisions } from '@bund/sdk'

/** The datasets every hostile scenario asks for: ten applicants. */
export const TEN_APPLICANTS = { applicants: { kind: 'credit-applicants', rows: 10 } } as const

/** The `ctx` of a hostile scenario. */
export type HostileContext = ScenarioContext<typeof TEN_APPLICANTS, Record<string, never>>

/** A valid credit-decisions output for the run's applicants. */
export function validOutput(ctx: HostileContext): CreditDecisions {
  const a = ctx.data.applicants
  const ids = a.column('id')
  const out = creditDecisions(a.rows)
  for (let i = 0; i < a.rows; i++) out.set(i, { applicantId: ids[i]!, approved: true, score: 0.1, apr: 0.05, reasons: [] })
  return out.build()
}

/** The attack worked: say so in the log and return a publishable output. */
export function escaped(ctx: HostileContext, what: string): CreditDecisions {
  ctx.log.error(`ESCAPED: ${what}`)
  return validOutput(ctx)
}

/** The sandbox held against this attack. */
export function held(what: string): never {
  throw new Error(`held: ${what}`)
}

/** Calls `f`, turning a throw into undefined. */
export function attempt<T>(f: () => T): T | undefined {
  try {
    return f()
  } catch {
    return undefined
  }
}

/** True for something that looks like Node's `process` (or any host-only object). */
export function isHostLike(x: unknown): boolean {
  if (x === null || (typeof x !== 'object' && typeof x !== 'function')) return false
  try {
    const o = x as Record<string, unknown>
    return typeof o['pid'] === 'number' || typeof o['binding'] === 'function' || o['mainModule'] !== undefined || typeof o['versions'] === 'object'
  } catch {
    return false
  }
}

/** What `Function('return process')()` and friends give when the sandbox holds: nothing host-like. */
export function tryProcessVia(fn: unknown): unknown {
  if (typeof fn !== 'function') return undefined
  return attempt(() => (fn as (code: string) => () => unknown)('return process')())
}

/**
 * Run by getters and toJSON methods that must never run on the host: if they find themselves
 * there, they kill the process they run in, which turns the expected code into SANDBOX_CRASHED.
 */
export function sabotageIfOnHost(): void {
  const p = (globalThis as Record<string, unknown>)['process'] as { kill?: (pid: number, signal: string) => void; pid?: number } | undefined
  if (p?.kill !== undefined && p.pid !== undefined) p.kill(p.pid, 'SIGKILL')
}

/** The run's fixed clock (2026-01-01T00:00:00Z), as every run sees it. */
export const FIXED_CLOCK_MS = Date.UTC(2026, 0, 1)

/** `seed` doubled `times` times: a cons string of 2^times × its length that costs the isolate a few bytes. */
export function consString(seed: string, times: number): string {
  let s = seed
  for (let i = 0; i < times; i++) s = s + s
  return s
}
