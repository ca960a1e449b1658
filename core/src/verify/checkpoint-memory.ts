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

/**
 * The remembered checkpoint, of the log `origin` and signed by one of the instance's keys (`keys`,
 * PEM: the current one and those a rotation retired since it was remembered); undefined when the
 * file does not exist yet. A checkpoint of another log means the server now serves another history.
 */
export function readRemembered(file: string, origin: string, keys: readonly string[]): Remembered | undefined {
  if (!existsSync(file)) return undefined
  const note = readFileSync(file, 'utf8')
  const remembered = note.slice(0, Math.max(0, note.indexOf('\n')))
  if (remembered !== origin) throw new BundError('LOG_FORKED', `the checkpoint remembered in ${file} is of log "${remembered.slice(0, 60)}", the server now serves log "${origin}": another history than the one seen before`)
  let why = 'no key'
  for (const key of keys) {
    try {
      return { note, checkpoint: openCheckpoint(note, origin, key) }
    } catch (e) {
      if (!(e instanceof NoteError)) throw e
      why = e.message
    }
  }
  throw new BundError('CHECKPOINT_INVALID', `the remembered checkpoint ${file} does not verify with any key of this log: ${why}`)
}

export function remember(file: string, note: string): void {
  writeFileAtomic(file, note)
}
