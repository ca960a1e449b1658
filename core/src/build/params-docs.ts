/**
 * JSDoc on params reaches the manifest: a scenario documents a param where it declares it,
 *
 *   params: withJsonSchema(z.object({ /** Decline above this many risk points. *\/ maxPoints: … }), …)
 *
 * and the JSON Schema in dist/manifest.json (shown by the API and the dashboard) carries that text
 * as the property's `description`, unless the schema already has one (zod's `.describe()` or
 * `.meta()`). The comment is read from the scenario's source text, since no schema library sees it.
 */

/** A `/** … *\/` comment followed by a property key: `name:` or `'name':`. */
const DOC_THEN_KEY = /\/\*\*((?:[^*]|\*(?!\/))*)\*\/\s*(?:readonly\s+)?(['"]?)([A-Za-z_$][\w$]*)\2\??\s*:/g
/** Descriptions are cut here; the manifest is not the place for essays. */
const MAX_DESCRIPTION = 1_000

/** `name -> description` of every documented property key in a source text (first one wins). */
export function propertyDocs(source: string): Map<string, string> {
  const docs = new Map<string, string>()
  for (const m of source.matchAll(DOC_THEN_KEY)) {
    const text = m[1]!
      .split('\n')
      .map((l) => l.replace(/^\s*\*?\s?/, '').trimEnd())
      .filter((l) => !l.startsWith('@'))
      .join(' ')
      .replace(/\s+/g, ' ')
      .trim()
    if (text !== '' && !docs.has(m[3]!)) docs.set(m[3]!, text.slice(0, MAX_DESCRIPTION))
  }
  return docs
}

/** The params schema with each undocumented top-level property described from its JSDoc. */
export function describeParams(schema: Record<string, unknown> | undefined, source: string): Record<string, unknown> | undefined {
  const properties = schema?.['properties']
  if (schema === undefined || typeof properties !== 'object' || properties === null) return schema
  const docs = propertyDocs(source)
  const described = Object.fromEntries(Object.entries(properties as Record<string, unknown>).map(([name, property]) => {
    const doc = docs.get(name)
    const isObject = typeof property === 'object' && property !== null
    if (doc === undefined || !isObject || 'description' in property) return [name, property]
    return [name, { ...property, description: doc }]
  }))
  return { ...schema, properties: described }
}
