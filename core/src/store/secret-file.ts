/**
 * A secret file in a data directory's `keys/` folder (the publication-signing key; the instance's
 * evaluation secret): created once, readable by its owner only, and never silently made again.
 * Once anything depends on it (a signature, an evaluation), a missing file is KEY_MISSING and an
 * unreadable one KEY_UNREADABLE: generating a replacement would orphan everything made with the
 * old one, so the only ways forward are restoring it or an explicit, recorded rotation.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { BundError } from '../kernel/index.js'
import { writeFileAtomic } from './atomic-write.js'

export const KEYS_DIR = 'keys'

export interface SecretFileSpec {
  /** Path relative to the data directory, e.g. `keys/publication-signing.key`. */
  file: string
  /** What it is, for messages: "the publication-signing key". */
  what: string
  /** What to do when it is lost for good (the explicit, recorded way forward), for KEY_MISSING. */
  ifLost: string
}

/** The secret's bytes, or undefined when the file does not exist. An unreadable file is KEY_UNREADABLE. */
export function readSecretFile(dataDir: string, spec: SecretFileSpec): Buffer | undefined {
  const path = join(dataDir, spec.file)
  try {
    return readFileSync(path)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return undefined
    throw new BundError(
      'KEY_UNREADABLE',
      `${spec.file} in the data directory exists but cannot be read (${code ?? (e as Error).message}). Do not move it away or replace it: give this process read access (e.g. chown it to the user running bund, then chmod 600 ${spec.file}).`,
      { file: spec.file },
    )
  }
}

/**
 * Loads the secret, creating it with `generate()` only when nothing depends on it yet. `dependsOn`
 * names what would be orphaned by a new one (undefined: nothing, so creating it is safe).
 */
export function loadOrCreateSecret(dataDir: string, spec: SecretFileSpec, options: { dependsOn: string | undefined; generate: () => string | Buffer }): { bytes: Buffer; created: boolean } {
  const existing = readSecretFile(dataDir, spec)
  if (existing !== undefined) return { bytes: existing, created: false }
  if (options.dependsOn !== undefined) throw secretMissing(spec, options.dependsOn)
  const bytes = Buffer.from(options.generate())
  createSecretFile(dataDir, spec.file, bytes)
  return { bytes, created: true }
}

/** The error for a secret that is gone although `dependsOn` was made with it. */
export function secretMissing(spec: SecretFileSpec, dependsOn: string): BundError {
  return new BundError(
    'KEY_MISSING',
    `${spec.file} (${spec.what}) is missing from the data directory, but ${dependsOn}. Bund will not make a new one silently. Restore the file from your backup of the data directory's ${KEYS_DIR}/ folder; if it is lost for good, ${spec.ifLost}`,
    { file: spec.file },
  )
}

/** Writes a new secret: mode 0600 from the moment it exists, in a 0700 folder, atomically. */
export function createSecretFile(dataDir: string, file: string, bytes: string | Buffer): void {
  const path = join(dataDir, file)
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
  writeFileAtomic(path, bytes, 0o600)
  // The umask may have narrowed the mode further, never widened it; make it exact.
  chmodSync(path, 0o600)
}

/** Whether a secret file is present (for "has this data directory ever had one"). */
export function hasSecretFile(dataDir: string, file: string): boolean {
  return existsSync(join(dataDir, file))
}
