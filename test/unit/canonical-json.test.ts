/**
 * canonicalJson (core/src/kernel/canonical.ts) canonicalises plain JSON values as they are and
 * everything else through toJsonValue's copy: the bytes (and so every hash and signature) must be
 * the same either way.
 */
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { canonicalJson, toJsonValue } from '../../core/src/kernel/index.js'

const canonicalize = createRequire(import.meta.url)('../../core/node_modules/canonicalize') as (value: unknown) => string

describe('canonicalJson', () => {
  it('gives the same bytes as canonicalising toJsonValue’s copy, for plain and non-plain values', () => {
    const values: unknown[] = [
      { b: [1, 2.5, -0, 1e21, 'x\u2028', null, true], a: { z: {}, y: [] }, '\u00e9': 'é' },
      JSON.parse('{"id":"pub_1","toJSON":"a string field","n":{"m":[{"k":1}]}}'),
      { at: new Date(0), buf: new Uint8Array([1, 2, 3]), ab: new ArrayBuffer(2), nan: Number.NaN, inf: [Infinity], u: undefined, arr: [undefined] },
      Object.assign(Object.create(null), { b: 1, a: 2 }),
      [1, , 3], // a hole
      'text',
      42,
    ]
    for (const value of values) expect(canonicalJson(value)).toBe(canonicalize(toJsonValue(value)))
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] })).toBe('{"a":[2,{"c":4,"d":3}],"b":1}')
  })

  it('still refuses a value that refers to itself', () => {
    const cyclic: Record<string, unknown> = { a: 1 }
    cyclic.self = { back: cyclic }
    expect(() => canonicalJson(cyclic)).toThrow('a value refers to itself')
  })
})
