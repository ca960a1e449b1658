/**
 * Checks, inside the isolate and before anything is copied out, that a scenario's output is plain
 * data: primitives, arrays, objects whose prototype is Object.prototype or null, ArrayBuffers and
 * typed arrays. Getters, symbols, functions, class instances, cycles, shared references, absurd
 * nesting and over-long strings are refused with the path where they occur, and the output's
 * canonical JSON size is bounded from below so a huge output is refused before the host spends
 * memory copying it. The host validates again after the copy: this check gives clear messages and
 * early refusals, not the trust.
 *
 * `sealOutput` checks and copies in the same walk: each value is read once, checked, and put in a
 * fresh tree no scenario code holds, so nothing the scenario runs later (microtasks, Proxy traps
 * answering differently the second time) can change what the host receives.
 */
import {
  ArrayPrototype,
  ObjectPrototype,
  StringCtor,
  SetCtor,
  apply,
  ceil,
  clip,
  create,
  defineProperty,
  getOwnPropertyDescriptor,
  getPrototypeOf,
  hasOwn,
  isArray,
  isView,
  ownKeys,
  setAdd,
  setHas,
} from './intrinsics.js'

export type OutputProblem = { code: 'OUTPUT_INVALID' | 'OUTPUT_TOO_LARGE'; message: string }

/** Deeper than this is refused: the host's copy and JSON encoding recurse. */
export const MAX_OUTPUT_DEPTH = 200
/**
 * The longest string (value or key) an output may hold, in UTF-16 code units. Checked on the
 * length, which a cons string knows without being flattened: a 100M-character string that costs
 * the isolate a few bytes is refused before any copy makes it 100 MB on the host.
 */
export const MAX_OUTPUT_STRING = 4096

/** A path in a message is cut to this many characters. */
const MAX_PATH_TEXT = 240

type Getter = (this: unknown) => unknown
const getterOf = (proto: object, name: string) => getOwnPropertyDescriptor(proto, name)?.get as Getter | undefined
const TypedArrayPrototype = getPrototypeOf(Uint8Array.prototype) as object
const arrayBufferByteLength = getterOf(ArrayBuffer.prototype, 'byteLength') as Getter
const arrayBufferResizable = getterOf(ArrayBuffer.prototype, 'resizable')
const typedArrayBuffer = getterOf(TypedArrayPrototype, 'buffer') as Getter
const dataViewBuffer = getterOf(DataView.prototype, 'buffer') as Getter

/** What `getter` reads from `object`, or undefined when `object` is not of its kind. */
function readBy(getter: Getter | undefined, object: object): unknown {
  if (getter === undefined) return undefined
  try {
    return apply(getter, object, [])
  } catch {
    return undefined
  }
}

function pathText(path: PropertyKey[], depth: number): string {
  let s = 'output'
  for (let i = 0; i < depth; i++) {
    const k = path[i]
    s += typeof k === 'number' ? `[${k}]` : `.${clip(StringCtor(k), 60)}`
  }
  // A path 200 levels deep is cut: messages about an output stay a few hundred characters.
  return s.length <= MAX_PATH_TEXT ? s : `${clip(s, MAX_PATH_TEXT)}…`
}

/** Sets `target[key] = value` without running any setter on a prototype. */
function put(target: object, key: PropertyKey, value: unknown): void {
  defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true })
}

function walk(output: unknown, limitBytes: number, copy: boolean): { value: unknown } | OutputProblem {
  // Ancestors by depth and the path to them, in prototype-less holders that no patched built-in reaches.
  const ancestors = create(null) as Record<number, object>
  const path = create(null) as PropertyKey[]
  // Every object, array and ArrayBuffer met (a strong Set: a WeakMap's ephemerons cost the GC far
  // more): a value met twice is refused, so the host's copy, validation and encoding cost what the
  // JSON costs.
  const seen = new SetCtor<object>()
  let bytes = 0
  // The problem found; thrown and recognised by identity, which no scenario object can fake.
  let refusal: OutputProblem | undefined
  const invalid = (depth: number, what: string) => (refusal = { code: 'OUTPUT_INVALID', message: `${pathText(path, depth)} ${what}: return plain data only` })
  const tooLarge = (message: string) => (refusal = { code: 'OUTPUT_TOO_LARGE', message })
  const grow = (n: number) => {
    bytes += n
    if (bytes > limitBytes) throw tooLarge(`the output is at least ${bytes} bytes as JSON, over the limit of ${limitBytes}`)
  }
  const text = (s: string, depth: number, what: string) => {
    if (s.length > MAX_OUTPUT_STRING) throw tooLarge(`${pathText(path, depth)} ${what} ${s.length} characters long, over the limit of ${MAX_OUTPUT_STRING}`)
    grow(s.length + 2)
  }
  const once = (object: object, depth: number) => {
    if (apply(setHas, seen, [object]) as boolean) {
      const first = firstPath(output, object)
      throw invalid(depth, `is the same object as ${first ?? 'an earlier part of the output'} (shared references are refused)`)
    }
    apply(setAdd, seen, [object])
  }
  /** A buffer is counted whole (a 1-byte view over 200 MB copies 200 MB), as base64 in `{"$base64":"…"}`. */
  const buffer = (b: object, depth: number) => {
    if (readBy(arrayBufferResizable, b) === true) throw invalid(depth, 'is a resizable ArrayBuffer')
    once(b, depth)
    const n = readBy(arrayBufferByteLength, b) as number
    grow(ceil(n / 3) * 4 + 14)
  }
  const visit = (value: unknown, depth: number): unknown => {
    switch (typeof value) {
      case 'string':
        text(value, depth, 'is a string')
        return value
      case 'number':
      case 'boolean':
      case 'undefined':
        grow(1)
        return value
      case 'bigint':
      case 'symbol':
      case 'function':
        throw invalid(depth, `is a ${typeof value}`)
    }
    if (value === null) {
      grow(4)
      return value
    }
    const object = value as object
    if (depth >= MAX_OUTPUT_DEPTH) throw invalid(depth, `is nested more than ${MAX_OUTPUT_DEPTH} levels deep`)
    for (let i = 0; i < depth; i++) if (ancestors[i] === object) throw invalid(depth, 'refers to itself (a cycle)')
    if (isView(object)) {
      once(object, depth)
      const underlying = (readBy(typedArrayBuffer, object) ?? readBy(dataViewBuffer, object)) as object
      buffer(underlying, depth)
      return object
    }
    const proto = getPrototypeOf(object)
    const array = isArray(object)
    if (array ? proto !== ArrayPrototype : proto !== ObjectPrototype && proto !== null) {
      // Asked only of what is not plain: a getter that throws costs a stack trace.
      if (readBy(arrayBufferByteLength, object) !== undefined) {
        buffer(object, depth)
        return object
      }
      throw invalid(depth, 'is not a plain object or array (a class instance, Map, Set, Date, RegExp, Error or Proxy)')
    }
    once(object, depth)
    ancestors[depth] = object
    // An array's JSON has at least one byte per slot, holes included (`[].length = 1e9` is cheap here, not there).
    const length = array ? ((getOwnPropertyDescriptor(object, 'length') as PropertyDescriptor).value as number) : 0
    grow(2 + length)
    // Objects are copied without a prototype (plain assignment then meets no setter; the host's
    // copy gives them Object.prototype again); arrays by defineProperty, which meets none either.
    const target: object | undefined = copy ? (array ? [] : create(null)) : undefined
    const keys = ownKeys(object)
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string | symbol
      if (typeof key === 'symbol') throw invalid(depth, 'has a symbol-keyed property')
      if (array && key === 'length') continue
      path[depth] = array ? +key : key
      if (!array) text(key, depth + 1, 'has a key')
      const descriptor = getOwnPropertyDescriptor(object, key) as PropertyDescriptor
      if (!hasOwn(descriptor, 'value')) throw invalid(depth + 1, 'is a getter or setter')
      if (!array) grow(2)
      const item = visit(descriptor.value, depth + 1)
      if (target !== undefined) {
        if (array) put(target, key, item)
        else (target as Record<string, unknown>)[key] = item
      }
    }
    // Trailing holes (`new Array(n)` not filled to the end) keep the array's length.
    if (array && target !== undefined) (target as unknown[]).length = length
    return target ?? object
  }
  try {
    return { value: visit(output, 0) }
  } catch (e) {
    if (refusal !== undefined && e === refusal) return refusal
    // A Proxy trap that threw, or an exhausted stack: the output cannot be read as data.
    return { code: 'OUTPUT_INVALID', message: 'the output cannot be read as plain data (a Proxy or an exotic object)' }
  }
}

/**
 * Where `target` first occurs in `root`, in the order the check walks it (only asked when a shared
 * reference was found, so its cost is the check's once more at most).
 */
function firstPath(root: unknown, target: object): string | undefined {
  const path = create(null) as PropertyKey[]
  const find = (value: unknown, depth: number): boolean => {
    if (value === target) {
      length = depth
      return true
    }
    if (value === null || typeof value !== 'object' || depth >= MAX_OUTPUT_DEPTH) return false
    if (isView(value) && (readBy(typedArrayBuffer, value) ?? readBy(dataViewBuffer, value)) === target) {
      length = depth
      return true
    }
    const array = isArray(value)
    const keys = ownKeys(value)
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string
      if (typeof key !== 'string' || (array && key === 'length')) continue
      path[depth] = array ? +key : key
      if (find(getOwnPropertyDescriptor(value, key)?.value, depth + 1)) return true
    }
    return false
  }
  let length = 0
  try {
    return find(root, 0) ? pathText(path, length) : undefined
  } catch {
    return undefined
  }
}

/** The problem with `output`, or undefined when it is plain data of at most `limitBytes` (lower bound). */
export function checkOutput(output: unknown, limitBytes: number): OutputProblem | undefined {
  const result = walk(output, limitBytes, false)
  return hasOwn(result, 'code') ? (result as OutputProblem) : undefined
}

/** Checks `output` and returns the checked copy (objects and arrays new, strings and buffers as they are). */
export function sealOutput(output: unknown, limitBytes: number): { value: unknown } | OutputProblem {
  return walk(output, limitBytes, true)
}
