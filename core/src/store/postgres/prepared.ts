/**
 * Statements PostgreSQL parses and plans once per connection instead of on every execution: a
 * statement sent as `prepared(text, values)` carries a name derived from its text, so
 * node-postgres sends its Parse once per connection and only Bind/Execute afterwards (and the
 * server keeps its plan). Measured on a trivial run (issue 21): parsing and planning the ~12
 * parameterised statements of its two writes (Bund's and pg-boss's, every one re-parsed as an
 * unnamed statement) took about as long on the server as executing them.
 *
 * Only fixed statement texts belong here (values are parameters): each distinct text becomes a
 * prepared statement on every pooled connection that runs it. The number of names is capped, so
 * a caller that ever built texts from data would fall back to unnamed statements, never make the
 * server's memory grow without bound.
 */
import type pg from 'pg'
import { sha256 } from '../../kernel/hash.js'

/** Distinct statement texts named per process (the store and the queue use a few dozen). */
const MAX_NAMED = 256

const names = new Map<string, string>()

/** `text` with `values` as a query to prepare once per connection (named by its text's hash). */
export function prepared(text: string, values?: unknown[]): pg.QueryConfig {
  let name = names.get(text)
  if (name === undefined && names.size < MAX_NAMED) {
    name = `bund_${sha256(text).slice(0, 24)}`
    names.set(text, name)
  }
  return { text, ...(values === undefined ? {} : { values }), ...(name === undefined ? {} : { name }) }
}
