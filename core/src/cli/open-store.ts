/** Opening the store from commands: reads work while a server holds the directory; $BUND_DATABASE_URL selects PostgreSQL. */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { BundError, isBundError } from '../kernel/index.js'
import { openStore } from '../store/index.js'
import type { OpenStoreOptions, Store } from '../store/store.js'

/** Whether `dir` holds a store (a db.json, or a journal not yet folded into one). */
export function hasStore(dir: string): boolean {
  return existsSync(join(dir, 'db.json')) || existsSync(join(dir, 'journal.jsonl'))
}

/**
 * The instance's store: on PostgreSQL when $BUND_DATABASE_URL is set (every node of an instance,
 * `dir` then holds only this node's keys/), else the data directory's embedded store.
 */
async function openConfigured(dir: string, options: OpenStoreOptions): Promise<Store> {
  const url = process.env.BUND_DATABASE_URL?.trim()
  if (url === undefined || url === '') return openStore(dir, options)
  const { PgStore } = await import('../store/postgres/pg-store.js')
  return PgStore.open(url, dir, options)
}

/** Opens the store read-only; refuses a directory with no Bund data in it. */
export async function openForReading(dir: string): Promise<Store> {
  const url = process.env.BUND_DATABASE_URL?.trim()
  if (url !== undefined && url !== '') return openConfigured(dir, { readOnly: true })
  return openEmbeddedForReading(dir)
}

/** Opens a data directory's embedded store read-only, whatever the environment says (e.g. the source of `bund db import`). */
export async function openEmbeddedForReading(dir: string): Promise<Store> {
  if (!hasStore(dir)) throw new BundError('STORE_INVALID', `${dir} holds no Bund data (no db.json); pass --data-dir`)
  return openStore(dir, { readOnly: true })
}

/**
 * Opens the store for writing; when a server holds it, says where the action goes instead: `api`
 * names the route that does the same (e.g. `PUT /api/v1/author-keys/{org}`).
 */
export async function openForWriting(dir: string, options: OpenStoreOptions = {}, api?: string): Promise<Store> {
  try {
    return await openConfigured(dir, options)
  } catch (e) {
    const instead = api === undefined ? 'use its API for operator actions.' : api.startsWith('bund ') ? `act through it instead: ${api}.` : `use its API instead: ${api} (with an operator token).`
    if (isBundError(e, 'STORE_LOCKED')) throw new BundError('STORE_LOCKED', `${e.message} While a server runs, ${instead}`, e.details)
    throw e
  }
}
