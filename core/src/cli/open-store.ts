/** Opening the store from commands that only read: they work while a server holds the directory. */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { BundError, isBundError } from '../kernel/index.js'
import { openStore } from '../store/index.js'
import type { OpenStoreOptions, Store } from '../store/store.js'

/** Whether `dir` holds a store (a db.json, or a journal not yet folded into one). */
export function hasStore(dir: string): boolean {
  return existsSync(join(dir, 'db.json')) || existsSync(join(dir, 'journal.jsonl'))
}

/** Opens the store read-only; refuses a directory with no Bund data in it. */
export async function openForReading(dir: string): Promise<Store> {
  if (!hasStore(dir)) throw new BundError('STORE_INVALID', `${dir} holds no Bund data (no db.json); pass --data-dir`)
  return openStore(dir, { readOnly: true })
}

/**
 * Opens the store for writing; when a server holds it, says where the action goes instead: `api`
 * names the route that does the same (e.g. `PUT /api/v1/author-keys/{org}`).
 */
export async function openForWriting(dir: string, options: OpenStoreOptions = {}, api?: string): Promise<Store> {
  try {
    return await openStore(dir, options)
  } catch (e) {
    const instead = api === undefined ? 'use its API for operator actions.' : `use its API instead: ${api} (with an operator token).`
    if (isBundError(e, 'STORE_LOCKED')) throw new BundError('STORE_LOCKED', `${e.message} While a server runs, ${instead}`, e.details)
    throw e
  }
}
