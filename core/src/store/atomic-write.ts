import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs'
import { randomBytes } from 'node:crypto'

/** Writes a file so that readers see the old bytes or the new, never half: temp, fsync, rename. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
  const fd = openSync(temp, 'w', 0o644)
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  renameSync(temp, path)
}
