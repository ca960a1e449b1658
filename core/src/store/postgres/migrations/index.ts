/** Every schema migration, in order. A new one is a new numbered file added here; a released one never changes. */
import * as m001 from './001-initial.js'
import * as m002 from './002-published-versions.js'

export interface Migration {
  version: number
  name: string
  sql: string
}

export const MIGRATIONS: readonly Migration[] = [m001, m002]

/** The schema version this Bund reads and writes. */
export const SCHEMA_VERSION = Math.max(...MIGRATIONS.map((m) => m.version))
