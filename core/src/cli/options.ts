/** Parsing and checking of the options commands share; bad values are usage errors (exit 2). */
import { resolve } from 'node:path'
import { BundError } from '../kernel/index.js'
import { MAX_ROWS } from '../model/index.js'

export const dataDirArg = {
  'data-dir': { type: 'string', description: 'Data directory (db.json, artifacts)', default: '.bund', valueHint: 'dir' },
} as const

/** An integer seed in 0..2^32-1. */
export function parseSeed(value: string | undefined, fallback = 1): number {
  if (value === undefined) return fallback
  if (!/^\d+$/.test(value.trim())) throw new BundError('USAGE', `--seed must be a non-negative integer, got "${value}"`)
  const n = Number(value)
  if (n > 0xffff_ffff) throw new BundError('USAGE', `--seed must be at most ${0xffff_ffff}, got ${value}`)
  return n
}

/** A row count in 1..MAX_ROWS, or undefined for the manifest's own sizes. */
export function parseRows(value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  if (!/^\d+$/.test(value.trim())) throw new BundError('USAGE', `--rows must be a positive integer, got "${value}"`)
  const n = Number(value)
  if (n < 1 || n > MAX_ROWS) throw new BundError('USAGE', `--rows must be between 1 and ${MAX_ROWS}, got ${value}`)
  return n
}

/** Run params given as a JSON object. */
export function parseParams(value: string | undefined): Record<string, unknown> {
  if (value === undefined) return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(value)
  } catch {
    throw new BundError('USAGE', `--params must be a JSON object, got "${value}"`)
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new BundError('USAGE', '--params must be a JSON object')
  return parsed as Record<string, unknown>
}

export function dataDir(value: string | undefined): string {
  return resolve(value ?? '.bund')
}

/** Rule pack files from a comma-separated --rules value. */
export function parseRuleFiles(value: string | undefined): string[] {
  return value === undefined ? [] : value.split(',').map((f) => resolve(f.trim())).filter((f) => f !== '')
}

/** Every value of an option that may be given more than once (`--name v` or `--name=v`); citty keeps only the last. */
export function repeatedOption(rawArgs: readonly string[], name: string): string[] {
  const values: string[] = []
  for (let i = 0; i < rawArgs.length; i++) {
    const arg = rawArgs[i]!
    if (arg === '--') break
    if (arg === `--${name}`) {
      const value = rawArgs[i + 1]
      if (value === undefined || value.startsWith('--')) throw new BundError('USAGE', `--${name} needs a value`)
      values.push(value)
      i++
    } else if (arg.startsWith(`--${name}=`)) values.push(arg.slice(name.length + 3))
  }
  return values
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'silent'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

export const logLevelArg = {
  'log-level': { type: 'string', description: `Log level: ${LOG_LEVELS.join(', ')} (default info)`, valueHint: 'level' },
} as const

export function parseLogLevel(value: string | undefined): LogLevel {
  const level = value ?? 'info'
  if (!(LOG_LEVELS as readonly string[]).includes(level)) throw new BundError('USAGE', `--log-level must be one of ${LOG_LEVELS.join(', ')}, got "${level}"`)
  return level as LogLevel
}

/** An integer option in min..max, or undefined when not given. */
export function parseInteger(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined
  if (!/^\d+$/.test(value.trim()) || Number(value) < min || Number(value) > max) throw new BundError('USAGE', `--${name} must be an integer from ${min} to ${max}, got "${value}"`)
  return Number(value)
}

export const databaseUrlArg = {
  'database-url': { type: 'string', description: 'PostgreSQL URL, e.g. postgres://bund@127.0.0.1:5432/bund (default: $BUND_DATABASE_URL)', valueHint: 'url' },
} as const

/** The database URL from --database-url or $BUND_DATABASE_URL, checked; undefined when neither is set. */
export async function databaseUrlOf(flag: string | undefined): Promise<string | undefined> {
  const { checkDatabaseUrl, databaseUrlFrom } = await import('../store/postgres/connection.js')
  const url = databaseUrlFrom(flag)
  if (url !== undefined) checkDatabaseUrl(url)
  return url
}

/** The database URL, required (a command that only works on PostgreSQL). */
export async function requireDatabaseUrl(flag: string | undefined): Promise<string> {
  const url = await databaseUrlOf(flag)
  if (url === undefined) throw new BundError('USAGE', 'no database: pass --database-url postgres://… or set $BUND_DATABASE_URL')
  return url
}
