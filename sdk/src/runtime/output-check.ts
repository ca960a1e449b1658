/**
 * Checks, inside the isolate and before anything is copied out, that a scenario's output is plain
 * data: primitives, arrays, objects whose prototype is Object.prototype or null, ArrayBuffers and
 * typed arrays. Getters, symbols, functions, class instances, cycles and absurd nesting are
 * refused with the path where they occur, and the output's canonical JSON size is bounded from
 * below so a huge output is refused before the host spends memory copying it. The host validates
 * again after the copy: this check gives clear messages and early refusals, not the trust.
 */
import {
  ArrayPrototype,
  ObjectPrototype,
  StringCtor,
  WeakMapCtor,
  apply,
  ceil,
  clip,
  create,
  getOwnPropertyDescriptor,
  getPrototypeOf,
  hasOwn,
  isArray,
  isView,
  ownKeys,
  weakMapGet,
  weakMapSet,
} from './intrinsics.js'

export type OutputProblem = { code: 'OUTPUT_INVALID' | 'OUTPUT_TOO_LARGE'; message: string }

/** Deeper than this is refused: the host's copy and JSON encoding recurse. */
export const MAX_OUTPUT_DEPTH = 200

type Getter = (this: unknown) => number
const getterOf = (proto: object, name: string) => getOwnPropertyDescriptor(proto, name)?.get as Getter
const arrayBufferByteLength = getterOf(ArrayBuffer.prototype, 'byteLength')
const typedArrayByteLength = getterOf(getPrototypeOf(Uint8Array.prototype) as object, 'byteLength')
const dataViewByteLength = getterOf(DataView.prototype, 'byteLength')

/** The byte length read by `getter`, or -1 when `object` is not of its kind. */
function byteLengthBy(getter: Getter, object: object): number {
  try {
    return apply(getter, object, []) as number
  } catch {
    return -1
  }
}

function pathText(path: PropertyKey[], depth: number): string {
  let s = 'output'
  for (let i = 0; i < depth; i++) {
    const k = path[i]
    s += typeof k === 'number' ? `[${k}]` : `.${clip(StringCtor(k), 60)}`
  }
  return s
}

/** The problem with `output`, or undefined when it is plain data of at most `limitBytes` (lower bound). */
export function checkOutput(output: unknown, limitBytes: number): OutputProblem | undefined {
  // Ancestors by depth and the path to them, in prototype-less holders that no patched built-in reaches.
  const ancestors = create(null) as Record<number, object>
  const path = create(null) as PropertyKey[]
  // JSON size of objects already measured: a shared subtree is counted again without a new walk,
  // so a graph whose JSON doubles at every level is refused at once, not after 2^n steps.
  const sizes = new WeakMapCtor<object, number>()
  let bytes = 0
  // The problem found; thrown and recognised by identity, which no scenario object can fake.
  let refusal: OutputProblem | undefined
  const invalid = (depth: number, what: string) => (refusal = { code: 'OUTPUT_INVALID', message: `${pathText(path, depth)} ${what}: return plain data only` })
  const grow = (n: number) => {
    bytes += n
    if (bytes > limitBytes) throw (refusal = { code: 'OUTPUT_TOO_LARGE', message: `the output is at least ${bytes} bytes as JSON, over the limit of ${limitBytes}` })
  }
  // Base64 of n bytes in a `{"$base64":"…"}` object, as the host encodes binary columns.
  const binary = (n: number) => grow(ceil(n / 3) * 4 + 14)
  const visit = (value: unknown, depth: number): void => {
    if (value !== null && typeof value === 'object') {
      const known = apply(weakMapGet, sizes, [value]) as number | undefined
      if (known !== undefined) return grow(known)
      const before = bytes
      measure(value, depth)
      apply(weakMapSet, sizes, [value, bytes - before])
      return
    }
    measure(value, depth)
  }
  const measure = (value: unknown, depth: number): void => {
    switch (typeof value) {
      case 'string':
        return grow(value.length + 2)
      case 'number':
      case 'boolean':
      case 'undefined':
        return grow(1)
      case 'bigint':
      case 'symbol':
      case 'function':
        throw invalid(depth, `is a ${typeof value}`)
    }
    if (value === null) return grow(4)
    const object = value as object
    if (depth >= MAX_OUTPUT_DEPTH) throw invalid(depth, `is nested more than ${MAX_OUTPUT_DEPTH} levels deep`)
    for (let i = 0; i < depth; i++) if (ancestors[i] === object) throw invalid(depth, 'refers to itself (a cycle)')
    if (isView(object)) {
      const viewBytes = byteLengthBy(typedArrayByteLength, object)
      return binary(viewBytes >= 0 ? viewBytes : byteLengthBy(dataViewByteLength, object))
    }
    const bufferBytes = byteLengthBy(arrayBufferByteLength, object)
    if (bufferBytes >= 0) return binary(bufferBytes)
    const proto = getPrototypeOf(object)
    const array = isArray(object)
    if (array ? proto !== ArrayPrototype : proto !== ObjectPrototype && proto !== null) {
      throw invalid(depth, 'is not a plain object or array (a class instance, Map, Set, Date, RegExp, Error or Proxy)')
    }
    ancestors[depth] = object
    grow(2)
    const keys = ownKeys(object)
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string | symbol
      if (typeof key === 'symbol') throw invalid(depth, 'has a symbol-keyed property')
      if (array && key === 'length') continue
      const descriptor = getOwnPropertyDescriptor(object, key) as PropertyDescriptor
      path[depth] = array ? +key : key
      if (!hasOwn(descriptor, 'value')) throw invalid(depth + 1, 'is a getter or setter')
      grow(array ? 1 : key.length + 4)
      visit(descriptor.value, depth + 1)
    }
  }
  try {
    visit(output, 0)
    return undefined
  } catch (e) {
    if (refusal !== undefined && e === refusal) return refusal
    // A Proxy trap that threw, or an exhausted stack: the output cannot be read as data.
    return { code: 'OUTPUT_INVALID', message: 'the output cannot be read as plain data (a Proxy or an exotic object)' }
  }
}
