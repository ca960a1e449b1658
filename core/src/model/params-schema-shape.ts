/**
 * The shape a scenario's paramsSchema may have: the author's JSON Schema is hostile input, so
 * before anything interprets it its nesting and its size once local `$ref`s are expanded are
 * bounded (no cyclic `$ref`). Checking params against it is the manifest layer's
 * (manifest/params-schema.ts).
 */

/** The deepest nesting a paramsSchema may have (objects and arrays). */
export const MAX_PARAMS_SCHEMA_DEPTH = 32
/** Schema nodes after expanding local `$ref`s: bounds what one validation can cost. */
export const MAX_PARAMS_SCHEMA_NODES = 5000

/** How deeply `value` nests (0 for a primitive), counted without recursion. */
export function nestingDepth(value: unknown): number {
  let deepest = 0
  const stack: Array<[unknown, number]> = [[value, 0]]
  while (stack.length > 0) {
    const [v, d] = stack.pop() as [unknown, number]
    if (v === null || typeof v !== 'object') continue
    if (d + 1 > deepest) deepest = d + 1
    if (deepest > 10_000) return deepest
    for (const child of Object.values(v)) stack.push([child, d + 1])
  }
  return deepest
}

/** What is wrong with a paramsSchema's shape ("is nested …"), or undefined: its depth, its size once `$ref`s are expanded. */
export function paramsSchemaProblem(schema: unknown): string | undefined {
  const depth = nestingDepth(schema)
  if (depth > MAX_PARAMS_SCHEMA_DEPTH) return `is nested ${depth} levels deep, over the limit of ${MAX_PARAMS_SCHEMA_DEPTH}`
  // Nodes counted with every local $ref expanded (memoised), refusing a cycle: `anyOf` chains of
  // shared definitions would otherwise cost the host 2^n steps on one bad value.
  const sizes = new Map<object, number>()
  const open = new Set<object>()
  const resolve = (ref: string): unknown => {
    if (!ref.startsWith('#')) return undefined
    let at: unknown = schema
    for (const raw of ref.slice(1).split('/').slice(1)) {
      const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~')
      at = at !== null && typeof at === 'object' && Object.hasOwn(at, key) ? (at as Record<string, unknown>)[key] : undefined
    }
    return at
  }
  const size = (node: unknown): number => {
    if (node === null || typeof node !== 'object') return 1
    const known = sizes.get(node)
    if (known !== undefined) return known
    if (open.has(node)) throw new Error('a $ref refers back to itself (recursive params are not supported)')
    open.add(node)
    let n = 1
    for (const [key, child] of Object.entries(node)) {
      n += key === '$ref' && typeof child === 'string' ? size(resolve(child)) : size(child)
      if (n > MAX_PARAMS_SCHEMA_NODES) break
    }
    open.delete(node)
    sizes.set(node, n)
    return n
  }
  try {
    const nodes = size(schema)
    if (nodes > MAX_PARAMS_SCHEMA_NODES) return `has more than ${MAX_PARAMS_SCHEMA_NODES} nodes once its $refs are expanded`
  } catch (e) {
    return (e as Error).message
  }
  return undefined
}
