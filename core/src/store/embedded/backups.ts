/** Rotated copies of db.json, taken when it last loaded cleanly, for `bund doctor --restore`. */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { writeFileAtomic } from '../atomic-write.js'

export const BACKUPS_DIR = 'backups'
/** How many backups are kept; `db.json.1` is the newest. */
export const BACKUP_COUNT = 3

export function backupPath(dataDir: string, n: number): string {
  return join(dataDir, BACKUPS_DIR, `db.json.${n}`)
}

/** Shifts the backups down one and copies `bytes` (a db.json that just loaded or was written) in as the newest. */
export function rotateBackup(dataDir: string, bytes: string | Buffer): void {
  mkdirSync(join(dataDir, BACKUPS_DIR), { recursive: true })
  const newest = backupPath(dataDir, 1)
  // A backup equal to the newest adds nothing and would push out an older good one.
  if (existsSync(newest) && readFileSync(newest).equals(Buffer.from(bytes))) return
  for (let n = BACKUP_COUNT - 1; n >= 1; n--) {
    const from = backupPath(dataDir, n)
    if (existsSync(from)) renameSync(from, backupPath(dataDir, n + 1))
  }
  writeFileAtomic(newest, bytes)
}

/** The backups present, newest first, with when they were taken. */
export function listBackups(dataDir: string): Array<{ n: number; path: string; takenAt: Date; bytes: number }> {
  const out = []
  for (let n = 1; n <= BACKUP_COUNT; n++) {
    const path = backupPath(dataDir, n)
    if (!existsSync(path)) continue
    const s = statSync(path)
    out.push({ n, path, takenAt: s.mtime, bytes: s.size })
  }
  return out
}
