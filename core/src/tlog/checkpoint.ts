/**
 * Checkpoints as C2SP tlog-checkpoint signed notes (c2sp.org/signed-note, the format of Go's checksum
 * database): the body is three lines, `<origin>\n<tree size>\n<root hash, base64>\n`; after a blank
 * line, one line per signature: `— <key name> <base64(key hash ‖ ed25519 signature)>`. The key hash is
 * the first 4 bytes of sha256(name ‖ 0x0A ‖ 0x01 ‖ raw public key), 0x01 meaning ed25519.
 */
import { createHash, createPublicKey, type KeyObject, verify } from 'node:crypto'
import { HASH_BYTES } from './hashing.js'

export interface Checkpoint {
  origin: string
  size: number
  root: Buffer
}

const ED25519 = 0x01
const SIG_PREFIX = '\u2014 '

/** The note body of a checkpoint. */
export function checkpointBody(c: Checkpoint): string {
  return `${c.origin}\n${c.size}\n${c.root.toString('base64')}\n`
}

/** The 32 raw bytes of an ed25519 public key. */
export function rawPublicKey(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' })
  return Buffer.from(jwk.x as string, 'base64url')
}

/** The 4-byte key hash that names a signer in a note. */
export function noteKeyHash(name: string, key: KeyObject): Buffer {
  return createHash('sha256').update(`${name}\n`).update(Buffer.from([ED25519])).update(rawPublicKey(key)).digest().subarray(0, 4)
}

/** A signed note: `sign` signs the body bytes with the key whose public half is `publicKey`. */
export function signNote(body: string, name: string, publicKey: KeyObject, sign: (message: Buffer) => Buffer): string {
  if (!body.endsWith('\n') || body.includes('\n\n')) throw new Error('a note body ends with a newline and has no blank line')
  const signature = Buffer.concat([noteKeyHash(name, publicKey), sign(Buffer.from(body, 'utf8'))])
  return `${body}\n${SIG_PREFIX}${name} ${signature.toString('base64')}\n`
}

/** Why a note or checkpoint was refused. */
export class NoteError extends Error {}

/** Checks a signed note's signature by `name`/`publicKey` and returns its body. */
export function openNote(note: string, name: string, publicKey: KeyObject): string {
  const split = note.indexOf('\n\n')
  if (split < 0 || !note.endsWith('\n')) throw new NoteError('not a signed note (no blank line before the signatures)')
  const body = note.slice(0, split + 1)
  const wantHash = noteKeyHash(name, publicKey)
  for (const line of note.slice(split + 2, -1).split('\n')) {
    if (!line.startsWith(SIG_PREFIX)) throw new NoteError('a signature line does not start with "— "')
    const [signer, b64, extra] = line.slice(SIG_PREFIX.length).split(' ')
    if (signer !== name || b64 === undefined || extra !== undefined) continue
    const bytes = Buffer.from(b64, 'base64')
    if (bytes.length !== 4 + 64 || !bytes.subarray(0, 4).equals(wantHash)) continue
    if (verify(null, Buffer.from(body, 'utf8'), publicKey, bytes.subarray(4))) return body
    throw new NoteError(`the signature by ${name} does not verify: the note was changed after it was signed`)
  }
  throw new NoteError(`no signature by ${name} with this key`)
}

/** Parses a checkpoint body (extension lines after the root are allowed and ignored). */
export function parseCheckpointBody(body: string): Checkpoint {
  const [origin, sizeText, rootText] = body.split('\n')
  if (origin === undefined || origin === '' || sizeText === undefined || rootText === undefined) throw new NoteError('a checkpoint has an origin, a tree size and a root hash line')
  if (!/^(0|[1-9][0-9]{0,15})$/.test(sizeText) || !Number.isSafeInteger(Number(sizeText))) throw new NoteError(`"${sizeText.slice(0, 40)}" is not a tree size`)
  const root = Buffer.from(rootText, 'base64')
  if (root.length !== HASH_BYTES || root.toString('base64') !== rootText) throw new NoteError('the root hash is not 32 bytes of base64')
  return { origin, size: Number(sizeText), root }
}

/** Verifies a signed checkpoint from `origin`, signed by `publicKeyPem` under the key name `origin`. */
export function openCheckpoint(note: string, origin: string, publicKeyPem: string): Checkpoint {
  const checkpoint = parseCheckpointBody(openNote(note, origin, createPublicKey(publicKeyPem)))
  if (checkpoint.origin !== origin) throw new NoteError(`the checkpoint is of log "${checkpoint.origin.slice(0, 100)}", not "${origin}"`)
  return checkpoint
}
