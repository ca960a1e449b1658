/**
 * Key custody with PostgreSQL. Each node holds the instance's private signing key and evaluation
 * secret in its data directory's keys/ folder, as the embedded store does (copied there, or
 * mounted, by the operator); the database holds the public-key history, which key is current,
 * and a fingerprint of the evaluation secret. A key is generated only while the database has never
 * had one (the first node's first start), registered under the chain's head lock, so two nodes
 * starting at once never make two; after that a missing key is KEY_MISSING and another node's or a
 * retired key KEY_MISMATCH — never a new key.
 *
 * Instead of keys/, a node may be given either secret by a file path in its environment
 * ($BUND_SIGNING_KEY_FILE, $BUND_EVALUATION_SECRET_FILE: a mounted secret, read where it is and
 * never copied into keys/), checked against the database the same way.
 */
import { createHmac, generateKeyPairSync } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type pg from 'pg'
import { BundError } from '../../kernel/errors.js'
import { loadInstanceId } from '../instance-id.js'
import { EVALUATION_SECRET_ENV, EVALUATION_SECRET_FILE, loadEvaluationSecret } from '../evaluation-secret.js'
import { type SecretFileSpec, createSecretFile, hasSecretFile, readSecretFile, secretMissing } from '../secret-file.js'
import { type PublicKeyEntry, type SigningKey, SIGNING_KEY, abandonRotation, completeRotation, parsePrivate, pendingRotation } from '../signing.js'
import { keyIdOf, publicPemOf } from '../../kernel/index.js'

const COPY_FROM_NODE = 'copy keys/ from a node of this instance (every node holds the same keys), or point $BUND_SIGNING_KEY_FILE at the instance\'s key'

/** A PEM (PKCS #8) ed25519 private key file: the instance's signing key, given to this node instead of keys/. */
export const SIGNING_KEY_FILE_ENV = 'BUND_SIGNING_KEY_FILE'
/** A file holding the evaluation secret (64 hex digits), given to this node instead of keys/. */
export const EVALUATION_SECRET_FILE_ENV = 'BUND_EVALUATION_SECRET_FILE'

/** The bytes of the file `$env` names, undefined when it is unset; unreadable is KEY_UNREADABLE (never a new key). */
function givenFile(env: string): { path: string; bytes: Buffer } | undefined {
  const path = process.env[env]?.trim()
  if (path === undefined || path === '') return undefined
  try {
    return { path, bytes: readFileSync(path) }
  } catch (e) {
    throw new BundError('KEY_UNREADABLE', `$${env} names ${path}, which cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); mount the instance's secret there and give this process read access, or unset $${env} to use keys/ in the data directory`, { file: path })
  }
}

/** A key from $BUND_SIGNING_KEY_FILE: its bytes and where they came from, for messages. */
function givenSigningKey(): { bytes: Buffer; source: string } | undefined {
  const given = givenFile(SIGNING_KEY_FILE_ENV)
  if (given === undefined) return undefined
  try {
    parsePrivate(given.bytes)
  } catch (e) {
    throw new BundError('KEY_INVALID', `$${SIGNING_KEY_FILE_ENV} names ${given.path}, which is not an ed25519 private key in PEM (PKCS #8), the form of keys/publication-signing.key`, { file: given.path })
  }
  return { bytes: given.bytes, source: `the key in $${SIGNING_KEY_FILE_ENV} (${given.path})` }
}

/** The database's current key, or null before the first start. */
export async function currentKey(db: pg.Pool | pg.ClientBase): Promise<{ keyId: string; publicKeyPem: string } | null> {
  const r = await db.query<{ key_id: string | null; public_key: string | null }>('SELECT i.current_key_id AS key_id, k.public_key FROM instance i LEFT JOIN signing_keys k ON k.key_id = i.current_key_id')
  const row = r.rows[0]
  return row?.key_id && row.public_key ? { keyId: row.key_id, publicKeyPem: row.public_key } : null
}

/** Every key the instance signed with, oldest first, the current one marked. */
export async function keyHistoryOf(db: pg.Pool | pg.ClientBase): Promise<PublicKeyEntry[]> {
  const r = await db.query<{ key_id: string; public_key: string; current: boolean }>(
    'SELECT k.key_id, k.public_key, (k.key_id = i.current_key_id) AS current FROM signing_keys k CROSS JOIN instance i ORDER BY k.position',
  )
  return r.rows.map((row) => ({ keyId: row.key_id, publicKey: row.public_key, current: row.current === true }))
}

/** Records `key` as current when the database has no key yet; inside a transaction holding the head lock. */
export async function registerFirstKey(client: pg.ClientBase, key: { keyId: string; publicKeyPem: string }): Promise<void> {
  await client.query('INSERT INTO signing_keys (key_id, public_key) VALUES ($1, $2) ON CONFLICT (key_id) DO NOTHING', [key.keyId, key.publicKeyPem])
  await client.query('UPDATE instance SET current_key_id = $1', [key.keyId])
}

/**
 * Loads this node's signing key for a writable open and checks it is the instance's current one.
 * `lock` runs a step in a transaction holding the head lock (the first key's registration).
 */
export async function loadNodeSigningKey(
  pool: pg.Pool,
  dataDir: string,
  where: string,
  lock: <T>(step: (client: pg.ClientBase) => Promise<T>) => Promise<T>,
  options: { lost: boolean },
): Promise<SigningKey | undefined> {
  let current = await currentKey(pool)
  // A rotation this node began: completed if the database recorded it, else dropped.
  const next = pendingRotation(dataDir)
  if (next !== undefined) {
    if (current?.keyId === next) completeRotation(dataDir)
    else abandonRotation(dataDir)
  }
  const given = givenSigningKey()
  const bytes = given?.bytes ?? readSecretFile(dataDir, SIGNING_KEY)
  if (options.lost) return undefined
  if (bytes === undefined && current !== null) {
    throw secretMissing({ ...SIGNING_KEY, ifLost: `${COPY_FROM_NODE}; if it is lost everywhere, ${SIGNING_KEY.ifLost}` }, `the database at ${where} names key ${current.keyId} as the instance's current signing key`)
  }
  let privateBytes = bytes
  if (privateBytes === undefined) {
    // The instance's first key: made here, kept only if this node registers it first.
    const made = Buffer.from(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }))
    const key = describe(made)
    const won = await lock(async (client) => {
      if ((await currentKey(client)) !== null) return false
      await registerFirstKey(client, key)
      return true
    })
    if (won) createSecretFile(dataDir, SIGNING_KEY.file, made)
    current = await currentKey(pool)
    if (!won) throw mismatch(`another node registered the instance's first signing key (${current?.keyId}) at the same time: ${COPY_FROM_NODE}`)
    privateBytes = made
  }
  const key = { ...describe(privateBytes), privateKey: parsePrivate(privateBytes) }
  if (current === null) {
    // A key given to the first node becomes the instance's first key (none is generated).
    await lock(async (client) => {
      if ((await currentKey(client)) === null) await registerFirstKey(client, key)
    })
    current = await currentKey(pool)
  }
  if (current?.keyId !== key.keyId) {
    const history = await keyHistoryOf(pool)
    const retired = history.some((k) => k.keyId === key.keyId)
    const mine = given?.source ?? "this node's signing key"
    throw mismatch(
      retired
        ? `${mine} ${key.keyId} was retired by a rotation; the current key is ${current?.keyId}: ${COPY_FROM_NODE}`
        : `${mine} ${key.keyId} is not a key of the instance in the database at ${where} (its current key is ${current?.keyId}): ${COPY_FROM_NODE}`,
    )
  }
  return key
}

function describe(privatePem: Buffer): { keyId: string; publicKeyPem: string } {
  const publicKeyPem = publicPemOf(parsePrivate(privatePem))
  return { keyId: keyIdOf(publicKeyPem), publicKeyPem }
}

function mismatch(message: string): BundError {
  return new BundError('KEY_MISMATCH', message)
}

/**
 * The instance's stable id, from the database; the first writable open sets it (this node's
 * keys/instance-id when it has one, else a new one), under the head lock so it is set once.
 */
export async function loadInstanceIdFrom(pool: pg.Pool, dataDir: string, lock: (<T>(step: (client: pg.ClientBase) => Promise<T>) => Promise<T>) | undefined): Promise<string | undefined> {
  const read = async (db: pg.Pool | pg.ClientBase) => (await db.query<{ id: string | null }>('SELECT instance_id AS id FROM instance')).rows[0]?.id ?? undefined
  const known = await read(pool)
  if (known !== undefined || lock === undefined) return known
  const mine = loadInstanceId(dataDir, { create: false, hasLog: false, keyId: undefined })
  return lock(async (client) => {
    const now = await read(client)
    if (now !== undefined) return now
    await client.query('UPDATE instance SET instance_id = $1', [mine])
    return mine
  })
}

export const EVALUATION_SECRET: SecretFileSpec = {
  file: EVALUATION_SECRET_FILE,
  what: "the instance's evaluation secret, from which every run's evaluation data is derived",
  ifLost: `give every node the same secret (keys/evaluation.secret or $${EVALUATION_SECRET_ENV}); earlier publications reveal their own evaluation keys and stay verifiable.`,
}

/** An HMAC under the secret: shows two nodes hold the same secret without revealing it. */
export function secretFingerprint(secret: Buffer): string {
  return createHmac('sha256', secret).update('bund evaluation secret check').digest('hex')
}

/**
 * The node's evaluation secret, checked against the instance's fingerprint: from keys/ or
 * $BUND_EVALUATION_SECRET; generated only when the database has never seen one.
 */
export async function loadNodeEvaluationSecret(pool: pg.Pool, dataDir: string, where: string): Promise<Buffer> {
  const known = (await pool.query<{ check: string | null }>('SELECT evaluation_secret_check AS check FROM instance')).rows[0]?.check ?? null
  const given = givenFile(EVALUATION_SECRET_FILE_ENV)
  const provided = given !== undefined || hasSecretFile(dataDir, EVALUATION_SECRET.file) || process.env[EVALUATION_SECRET_ENV] !== undefined
  if (!provided && known !== null) throw secretMissing(EVALUATION_SECRET, `the database at ${where} records that this instance evaluates with one`)
  const secret = given === undefined ? loadEvaluationSecret(dataDir) : secretIn(given)
  const mine = secretFingerprint(secret)
  const r = await pool.query<{ check: string }>('UPDATE instance SET evaluation_secret_check = COALESCE(evaluation_secret_check, $1) RETURNING evaluation_secret_check AS check', [mine])
  if (r.rows[0]?.check !== mine) {
    const what = given === undefined ? "this node's evaluation secret" : `the evaluation secret in $${EVALUATION_SECRET_FILE_ENV} (${given.path})`
    throw mismatch(`${what} is not the instance's (the database at ${where} records another): give every node the same keys/evaluation.secret or $${EVALUATION_SECRET_FILE_ENV}`)
  }
  return secret
}

/** The secret in a given file: 64 hex digits (the form of keys/evaluation.secret); the message never quotes it. */
function secretIn(given: { path: string; bytes: Buffer }): Buffer {
  const text = given.bytes.toString('utf8').trim()
  if (!/^[0-9a-f]{64}$/.test(text)) throw new BundError('KEY_INVALID', `$${EVALUATION_SECRET_FILE_ENV} names ${given.path}, which is not an evaluation secret (64 hex digits, the form of keys/evaluation.secret)`, { file: given.path })
  return Buffer.from(text, 'hex')
}
