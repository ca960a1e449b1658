/**
 * Canonical bytes for outputs and records: RFC 8785 JSON (via `canonicalize`), with binary column
 * buffers as base64. The same value always gives the same bytes, so hashes are reproducible.
 */
import { createRequire } from 'node:module'

// canonicalize is CommonJS (module.exports = fn) while its typings declare a default export.
const canonicalize = createRequire(import.meta.url)('canonicalize') as (value: unknown) => string | undefined

/** Turns ArrayBuffers and typed arrays into `{ $base64 }` objects, so the value is plain JSON. */
export function toJsonValue(value: unknown, seen = new Set<object>()): unknown {
  if (value instanceof ArrayBuffer) return { $base64: Buffer.from(value).toString('base64') }
  if (ArrayBuffer.isView(value)) return { $base64: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') }
  if (value === null || typeof value !== 'object') return typeof value === 'number' && !Number.isFinite(value) ? null : value
  if (seen.has(value)) throw new TypeError('a value refers to itself')
  seen.add(value)
  const out = Array.isArray(value) ? value.map((v) => toJsonValue(v, seen)) : Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonValue(v, seen)]))
  seen.delete(value)
  return out
}

/**
 * Whether toJsonValue would return an equal copy of `value`: only strings, finite numbers, booleans,
 * null, arrays and plain objects, no cycle (records parsed from JSON, e.g. publications read from a
 * segment). Such a value is canonicalised as it is, without the copy (doctor: about 8 s at 100,000).
 */
function isPlainJson(value: unknown, path: Set<object>): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true
    case 'number':
      return Number.isFinite(value)
    case 'object': {
      if (value === null) return true
      if (path.has(value)) return false
      if (Array.isArray(value)) {
        path.add(value)
        for (const v of value) if (!isPlainJson(v, path)) return false
      } else {
        const proto = Object.getPrototypeOf(value)
        if (proto !== Object.prototype && proto !== null) return false
        path.add(value)
        for (const k in value) if (!isPlainJson((value as Record<string, unknown>)[k], path)) return false
      }
      path.delete(value)
      return true
    }
    default:
      return false
  }
}

/** The canonical JSON text of a value. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(isPlainJson(value, new Set()) ? value : toJsonValue(value))
  if (text === undefined) throw new TypeError('value has no JSON form')
  return text
}

/** Reverses toJsonValue for table buffers: `{ $base64 }` objects become ArrayBuffers again. */
export function fromJsonValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) return value.map(fromJsonValue)
  const entries = Object.entries(value)
  if (entries.length === 1 && entries[0]?.[0] === '$base64' && typeof entries[0][1] === 'string') {
    const bytes = Buffer.from(entries[0][1], 'base64')
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, fromJsonValue(v)]))
}
