/**
 * Params are checked on the host against the manifest's JSON Schema (issue 18): unknown keys
 * refused naming the known ones, out-of-range values refused, hostile schemas bounded.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BundError, MAX_PARAMS_SCHEMA_DEPTH, checkParams, manifestSchema, parseManifest } from '@bund/core'
import { ROOT } from '../helpers/cli.js'

const marketRisk = parseManifest(JSON.parse(readFileSync(join(ROOT, 'scenarios', 'market-risk', 'dist', 'manifest.json'), 'utf8')), 'market-risk')

function refusal(f: () => void): BundError {
  try {
    f()
  } catch (e) {
    if (e instanceof BundError) return e
    throw e
  }
  throw new Error('expected a refusal')
}

describe('checkParams', () => {
  it('accepts what the schema allows, defaults left out', () => {
    expect(() => checkParams(marketRisk, {})).not.toThrow()
    expect(() => checkParams(marketRisk, { confidence: 0.975, window: 500 })).not.toThrow()
  })

  it('refuses unknown keys, naming the known ones', () => {
    const e = refusal(() => checkParams(marketRisk, { confidense: 0.99 }))
    expect(e.code).toBe('PARAMS_INVALID')
    expect(e.message).toBe('unknown param "confidense" for bund/market-risk; known: confidence, window')
  })

  it('refuses values out of range and of the wrong type', () => {
    const e = refusal(() => checkParams(marketRisk, { confidence: 0.5 }))
    expect(e.code).toBe('PARAMS_INVALID')
    expect(e.message).toMatch(/^confidence: /)
    expect(refusal(() => checkParams(marketRisk, { window: 'big' })).message).toMatch(/^window: /)
  })

  it('refuses any key for a scenario without params, and params that are not an object', () => {
    expect(refusal(() => checkParams({ id: 'a/b' }, { x: 1 })).message).toBe('unknown param "x" for a/b; known: (none: it takes no params)')
    expect(refusal(() => checkParams({ id: 'a/b' }, [1] as never)).code).toBe('PARAMS_INVALID')
  })

  it('refuses params over the size limit before reading them', () => {
    expect(refusal(() => checkParams(marketRisk, { confidence: 'x'.repeat(70_000) })).message).toMatch(/over the limit of 65536/)
  })

  it('bounds a hostile schema: an anyOf chain over shared definitions is refused, not run 2^n times', () => {
    const defs: Record<string, unknown> = { d30: { type: 'string' } }
    for (let i = 29; i >= 0; i--) defs[`d${i}`] = { anyOf: [{ $ref: `#/$defs/d${i + 1}` }, { $ref: `#/$defs/d${i + 1}` }] }
    const schema = { type: 'object', properties: { x: { $ref: '#/$defs/d0' } }, $defs: defs }
    const started = performance.now()
    const e = refusal(() => checkParams({ id: 'a/b', paramsSchema: schema }, { x: 5 }))
    expect(e.code).toBe('MANIFEST_INVALID')
    expect(e.message).toMatch(/more than 5000 nodes/)
    expect(performance.now() - started).toBeLessThan(1000)
    const cyclic = { type: 'object', properties: { x: { $ref: '#/$defs/a' } }, $defs: { a: { anyOf: [{ $ref: '#/$defs/a' }] } } }
    expect(refusal(() => checkParams({ id: 'a/b', paramsSchema: cyclic }, { x: 5 })).message).toMatch(/refers back to itself/)
  })

  it('leaves patterns to the isolate (no backtracking regular expression runs on the host)', () => {
    const schema = { type: 'object', properties: { s: { type: 'string', pattern: '^(a+)+$' } } }
    const started = performance.now()
    expect(() => checkParams({ id: 'a/b', paramsSchema: schema }, { s: `${'a'.repeat(40)}!` })).not.toThrow()
    expect(performance.now() - started).toBeLessThan(1000)
  })
})

describe('a deeply nested paramsSchema', () => {
  it('is MANIFEST_INVALID naming its depth', () => {
    let deep: Record<string, unknown> = { type: 'number' }
    for (let i = 0; i < 5000; i++) deep = { type: 'object', properties: { x: deep } }
    const manifest = { ...marketRisk, paramsSchema: deep }
    const parsed = manifestSchema.safeParse(manifest)
    expect(parsed.success).toBe(false)
    expect(parsed.error?.issues[0]?.message).toBe(`is nested 10001 levels deep, over the limit of ${MAX_PARAMS_SCHEMA_DEPTH}`)
    expect(refusal(() => parseManifest(manifest, 'upload')).code).toBe('MANIFEST_INVALID')
  })
})
