/**
 * The instance's evaluation secret: 32 random bytes, hex, in `<data dir>/keys/evaluation.secret`
 * (mode 0600), beside the publication signing key. Only the runner reads it, to derive each run's
 * evaluation keys (runner/evaluation-keys.ts); it never enters a job, an isolate, a record, a log,
 * a report or an error message. Every file operation on it is here, so it follows the data dir's
 * key-custody rules in one place.
 *
 * Generating it when absent is safe even in a data dir that has published before: every
 * publication reveals the keys its run used, so no earlier result depends on the secret.
 */
import { randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { BundError } from '../kernel/index.js'
import { writeFileAtomic } from './atomic-write.js'

export const EVALUATION_SECRET_FILE = join('keys', 'evaluation.secret')

/** Provides the secret to a new data dir (e.g. every node of one instance, or a test suite that pins its figures). */
export const EVALUATION_SECRET_ENV = 'BUND_EVALUATION_SECRET'

/** The data dir's evaluation secret (32 bytes): on first use, $BUND_EVALUATION_SECRET if set, else random. */
export function loadEvaluationSecret(dataDir: string): Buffer {
  const path = join(dataDir, EVALUATION_SECRET_FILE)
  if (!existsSync(path)) {
    const given = process.env[EVALUATION_SECRET_ENV]
    if (given !== undefined && !/^[0-9a-f]{64}$/.test(given)) throw new BundError('KEY_INVALID', `${EVALUATION_SECRET_ENV} is not an evaluation secret (64 hex digits)`)
    mkdirSync(join(dataDir, 'keys'), { recursive: true, mode: 0o700 })
    writeFileAtomic(path, `${given ?? randomBytes(32).toString('hex')}\n`, 0o600)
    chmodSync(path, 0o600)
  }
  let text: string
  try {
    text = readFileSync(path, 'utf8').trim()
  } catch (e) {
    throw new BundError('KEY_INVALID', `${path} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}); give the server's user read access to it, or restore it from a backup`)
  }
  // The message never quotes the file: a damaged secret must not end up in a log.
  if (!/^[0-9a-f]{64}$/.test(text)) throw new BundError('KEY_INVALID', `${path} is not an evaluation secret (64 hex digits); restore it from a backup, or move it away to generate a new one`)
  return Buffer.from(text, 'hex')
}
