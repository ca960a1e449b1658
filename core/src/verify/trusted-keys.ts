/**
 * The keys a verifier accepts for one instance: the one it signs with now and those a rotation
 * retired (a publication names its key by id). They come from the reader's pin (`--key FILE`: a PEM
 * key or the JSON of GET /api/v1/public-key — one key — or of GET /api/v1/public-keys — the whole
 * history), or, unpinned, from the server or the evidence file itself.
 */
import { BundError, keyIdOf } from '../kernel/index.js'
import { parsePublicKey } from './public-key.js'

export interface TrustedKeys {
  /** The key the instance signs with now (PEM). */
  current: string
  /** Keys a rotation retired, by key id (PEM). */
  retired: Map<string, string>
}

interface KeyItem {
  keyId: string
  publicKey: string
  current: boolean
}

/** A key history as GET /public-keys and the evidence list it: exactly one current key, each listed under its own id. */
export function historyKeys(items: readonly KeyItem[], source: string): TrustedKeys {
  const current = items.filter((k) => k.current)
  if (current.length !== 1) throw new BundError('KEY_INVALID', `${source} marks ${current.length} keys as current; a key history has exactly one`)
  const retired = new Map<string, string>()
  let now = ''
  for (const k of items) {
    const pem = parsePublicKey(k.publicKey, source)
    if (keyIdOf(pem) !== k.keyId) throw new BundError('KEY_INVALID', `${source} lists a key under id ${k.keyId.slice(0, 16)}…, which is not that key's id`)
    if (k.current) now = pem
    else retired.set(k.keyId, pem)
  }
  return { current: now, retired }
}

/** A `--key` file: one key (PEM, or GET /public-key's JSON), or a key history (GET /public-keys's JSON). */
export function parseTrustedKeys(text: string, source: string): TrustedKeys {
  const trimmed = text.trim()
  if (trimmed.startsWith('{')) {
    let value: unknown
    try {
      value = JSON.parse(trimmed)
    } catch {
      throw new BundError('KEY_INVALID', `${source} is neither a PEM public key nor JSON`)
    }
    const items = (value as { items?: unknown } | null)?.items
    if (Array.isArray(items)) {
      const valid = items.every((k) => typeof k?.keyId === 'string' && typeof k?.publicKey === 'string' && typeof k?.current === 'boolean')
      if (!valid) throw new BundError('KEY_INVALID', `${source} is not a key history (the JSON of GET /api/v1/public-keys)`)
      return historyKeys(items as KeyItem[], source)
    }
  }
  return { current: parsePublicKey(text, source), retired: new Map() }
}
