/** pg-boss 10 (CommonJS, `export =`), as an ES import. */
import PgBossModule from 'pg-boss'

export const PgBoss = PgBossModule
export type PgBoss = PgBossModule
export type { Job, JobWithMetadata } from 'pg-boss'
