/** What a scenario's `params` must offer: zod schemas fit, as does anything with the same method. */
export interface ParamsSchema<P> {
  safeParse(value: unknown): { success: true; data: P } | { success: false; error: { message: string; issues?: Array<{ path: PropertyKey[]; message: string }> } }
  /** The JSON Schema of what a run may pass, written into the manifest (zod's classic schemas have it). */
  toJSONSchema?(options: { io: 'input' }): unknown
}

/**
 * A params schema that cannot describe itself (a `zod/mini` one) joined with the function that
 * can, so `bund build` writes its JSON Schema into the manifest:
 * `params: withJsonSchema(z.object({ … }), z.toJSONSchema)`.
 */
export function withJsonSchema<P, S extends ParamsSchema<P>>(
  schema: S & ParamsSchema<P>,
  toJSONSchema: (schema: S, options: { io: 'input' }) => unknown,
): ParamsSchema<P> {
  return { safeParse: (value) => schema.safeParse(value), toJSONSchema: (options) => toJSONSchema(schema, options) }
}
