/**
 * A scenario's params, checked on the host against its manifest's JSON Schema before any run: the
 * CLI, the API (422 before the run is queued) and `runLocal` all go through `checkParams`, via
 * `runScenario` and the run route. Unknown keys are refused, naming the known ones.
 *
 * The schema is the author's, so it is treated as hostile input: the validator interprets it
 * (@cfworker/json-schema; no code is generated from it), and before that its shape is bounded
 * (nesting depth, nodes after expanding local `$ref`s, no cyclic `$ref`). `pattern`,
 * `patternProperties` and `format` are left to the scenario's own params check inside the isolate,
 * where a backtracking regular expression only costs the run its own time limit.
 */
import { Validator } from '@cfworker/json-schema'
import { BundError, quote } from '../kernel/index.js'
import { paramsSchemaProblem } from '../model/index.js'

/** The largest params, in bytes of JSON. */
export const MAX_PARAMS_BYTES = 64 * 1024

/** Keywords checked only inside the isolate (regular expressions and formats). */
const ISOLATE_ONLY = new Set(['pattern', 'patternProperties', 'format'])

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }

/** The schema without the keywords left to the isolate. */
function hostSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(hostSchema)
  if (node === null || typeof node !== 'object') return node
  const out: Record<string, Json> = {}
  for (const [key, value] of Object.entries(node)) {
    // `properties` maps names to schemas: a param may be called `pattern`.
    if (ISOLATE_ONLY.has(key) && typeof value !== 'object') continue
    if (key === 'patternProperties') continue
    out[key] = hostSchema(value)
  }
  return out
}

/** Validators by schema object (a manifest's schema is parsed once per load). */
const validators = new WeakMap<object, Validator>()

/**
 * Checks `params` against `manifest.paramsSchema`; throws PARAMS_INVALID naming the fault (an
 * unknown key, with the known keys), or MANIFEST_INVALID when the schema itself is out of bounds.
 */
export function checkParams(manifest: { id: string; paramsSchema?: Record<string, unknown> | undefined }, params: unknown): void {
  if (params === null || typeof params !== 'object' || Array.isArray(params)) throw new BundError('PARAMS_INVALID', 'params must be a JSON object')
  let json: string
  try {
    json = JSON.stringify(params)
  } catch {
    throw new BundError('PARAMS_INVALID', 'params must be JSON data')
  }
  if (json.length > MAX_PARAMS_BYTES) throw new BundError('PARAMS_INVALID', `params are ${json.length} bytes as JSON, over the limit of ${MAX_PARAMS_BYTES}`)
  const schema = manifest.paramsSchema
  const properties = (schema?.['properties'] ?? {}) as Record<string, unknown>
  const known = Object.keys(properties)
  const unknown = Object.keys(params).filter((k) => !Object.hasOwn(properties, k))
  if (unknown.length > 0) {
    const names = unknown.slice(0, 5).map((k) => quote(k, 60)).join(', ')
    throw new BundError('PARAMS_INVALID', `unknown param${unknown.length > 1 ? 's' : ''} ${names} for ${manifest.id}; known: ${known.length > 0 ? known.join(', ') : '(none: it takes no params)'}`)
  }
  if (schema === undefined) return
  let validator = validators.get(schema)
  if (validator === undefined) {
    const problem = paramsSchemaProblem(schema)
    if (problem !== undefined) throw new BundError('MANIFEST_INVALID', `${manifest.id}: paramsSchema ${problem}`)
    validator = new Validator(hostSchema(schema as Json) as never, '2020-12', false)
    validators.set(schema, validator)
  }
  const result = validator.validate(JSON.parse(json))
  if (result.valid) return
  // The leaf errors say what is wrong where; the wrappers ("properties", "allOf") repeat them.
  const leaves = result.errors.filter((e) => !['properties', 'allOf', 'anyOf', 'oneOf', '$ref', 'items', 'additionalProperties'].includes(e.keyword))
  const shown = (leaves.length > 0 ? leaves : result.errors).slice(0, 5)
  const text = shown.map((e) => `${e.instanceLocation === '#' ? '(params)' : e.instanceLocation.slice(2).replace(/\//g, '.')}: ${e.error}`).join('; ')
  throw new BundError('PARAMS_INVALID', text.slice(0, 1000))
}
