/**
 * `bund verify --checkpoint FILE`: the last checkpoint this reader accepted. A new one must be of
 * the same log, no smaller, the same tree when of the same size, and provably an extension
 * (consistency proof) when larger; only then does it replace the remembered one.
 */
import { existsSync, readFileSync } from 'node:fs'
import { BundError } from '../kernel/index.js'
import { writeFileAtomic } from '../store/atomic-write.js'
import { type Checkpoint, NoteError, openCheckpoint } from '../tlog/checkpoint.js'

export interface Remembered {
  note: string
  checkpoint: Checkpoint
}

/** The remembered checkpoint, checked with the same key and origin; undefined when the file does not exist yet. */
export function readRemembered(file: string, origin: string, publicKeyPem: string): Remembered | undefined {
  if (!existsSync(file)) return undefined
  const note = readFileSync(file, 'utf8')
  try {
    return { note, checkpoint: openCheckpoint(note, origin, publicKeyPem) }
  } catch (e) {
    if (e instanceof NoteError) throw new BundError('CHECKPOINT_INVALID', `the remembered checkpoint ${file} does not verify with this log's key: ${e.message}`)
    throw e
  }
}

export function remember(file: string, note: string): void {
  writeFileAtomic(file, note)
}
