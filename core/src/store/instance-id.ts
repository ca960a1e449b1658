/**
 * The instance's stable id: 32 hex digits in `<data dir>/keys/instance-id`, made once with the data
 * directory and never derived from a key, so a key rotation keeps the transparency log's origin
 * (`bund/<instance id>`) and every checkpoint a reader remembers. It is public, but it is identity:
 * it lives with the keys and is backed up with them.
 *
 * A data directory from before instance ids served its log under `bund/<first 32 hex digits of the
 * signing key's id>`; its first writable open keeps exactly that id, so readers' checkpoints still
 * verify (a read-only open of it derives the same id without writing).
 */
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { BundError } from '../kernel/index.js'
import { createSecretFile, KEYS_DIR } from './secret-file.js'

export const INSTANCE_ID_FILE = join(KEYS_DIR, 'instance-id')
const ID = /^[0-9a-f]{32}$/

export interface InstanceIdOptions {
  /** A writable open: write the file when it is missing. */
  create: boolean
  /** The log already has entries (so its checkpoints may have been served under the legacy origin). */
  hasLog: boolean
  /** The current signing key's id, for the legacy origin. */
  keyId: string | undefined
}

export function loadInstanceId(dataDir: string, options: InstanceIdOptions): string {
  const path = join(dataDir, INSTANCE_ID_FILE)
  if (existsSync(path)) {
    let text: string
    try {
      text = readFileSync(path, 'utf8').trim()
    } catch (e) {
      throw new BundError('KEY_UNREADABLE', `${INSTANCE_ID_FILE} in the data directory exists but cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}); give this process read access to it`)
    }
    if (!ID.test(text)) throw new BundError('STORE_INVALID', `${INSTANCE_ID_FILE} is not an instance id (32 hex digits); restore it from your backup of the data directory's ${KEYS_DIR}/ folder`)
    return text
  }
  const id = options.hasLog && options.keyId !== undefined ? options.keyId.slice(0, 32) : randomBytes(16).toString('hex')
  // Mode 0600 like the rest of keys/ (it is not secret, but nothing else writes there).
  if (options.create) createSecretFile(dataDir, INSTANCE_ID_FILE, `${id}\n`)
  return id
}

/** What `bund doctor` says about the instance id: the log's origin, or what the next writable open will do without the file. */
export function describeInstanceId(dataDir: string, hasLog: boolean, keyId: string | undefined): { level: 'ok' | 'warn'; message: string } {
  const path = join(dataDir, INSTANCE_ID_FILE)
  if (existsSync(path)) {
    const text = readFileSync(path, 'utf8').trim()
    if (ID.test(text)) return { level: 'ok', message: `instance id ${text}: the transparency log is bund/${text}` }
    return { level: 'warn', message: `${INSTANCE_ID_FILE} is not an instance id (32 hex digits); restore it from your backup of ${KEYS_DIR}/` }
  }
  if (!hasLog || keyId === undefined) return { level: 'ok', message: 'no instance id yet; one is made at the first start' }
  return {
    level: 'warn',
    message: `${INSTANCE_ID_FILE} is missing: the next start names the log bund/${keyId.slice(0, 32)} (from the signing key, as data directories from before instance ids did). If this directory had an instance id, restore ${INSTANCE_ID_FILE} from your backup first, or readers' remembered checkpoints will not match.`,
  }
}
