/**
 * A scenario's params schema: zod/mini joined with its converter by `withJsonSchema` validates like
 * the schema itself (defaults, messages naming the field) and describes itself for the manifest.
 */
import { withJsonSchema } from '@bund/sdk'
import { en } from 'zod/locales'
import * as z from 'zod/mini'
import { describe, expect, it } from 'vitest'

z.config(en())

const params = withJsonSchema(
  z.object({
    cutoff: z._default(z.number().check(z.gte(0.01), z.lte(0.99)), 0.4),
    rounds: z._default(z.int().check(z.gte(1), z.lte(1000)), 300),
  }),
  z.toJSONSchema,
)

describe('withJsonSchema', () => {
  it('validates as the schema does, defaults applied', () => {
    expect(params.safeParse({})).toEqual({ success: true, data: { cutoff: 0.4, rounds: 300 } })
    expect(params.safeParse({ cutoff: 0.2 })).toMatchObject({ success: true, data: { cutoff: 0.2, rounds: 300 } })
  })

  it('names the field and the problem when the value is wrong', () => {
    const r = params.safeParse({ cutoff: 2, rounds: 1.5 })
    expect(r.success).toBe(false)
    if (r.success) return
    expect(r.error.issues?.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['cutoff', 'Too big: expected number to be <=0.99'],
      ['rounds', 'Invalid input: expected int, received number'],
    ])
  })

  it('describes what a run may pass as JSON Schema, for the manifest', () => {
    expect(params.toJSONSchema?.({ io: 'input' })).toMatchObject({
      type: 'object',
      properties: {
        cutoff: { type: 'number', minimum: 0.01, maximum: 0.99, default: 0.4 },
        rounds: { type: 'integer', minimum: 1, maximum: 1000, default: 300 },
      },
    })
  })
})
