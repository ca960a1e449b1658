/**
 * The built-ins the runtime relies on after the scenario has run, captured when the runtime is
 * evaluated, which is before any scenario code. A scenario may replace `Object.keys`, patch
 * `Array.prototype` or add `Object.prototype.then`; the runtime's own checks and the envelope it
 * hands back to the host must not be bent by that.
 */
export const { apply, defineProperty, getPrototypeOf, getOwnPropertyDescriptor, ownKeys } = Reflect
export const { create, assign, hasOwn, entries } = Object
export const isArray = Array.isArray
export const isView = ArrayBuffer.isView
export const ObjectPrototype = Object.prototype
export const ArrayPrototype = Array.prototype
export const StringCtor = String
export const { ceil } = Math
export const SetCtor = Set
export const setHas = Set.prototype.has
export const setAdd = Set.prototype.add
const stringSlice = String.prototype.slice

/** `s.slice(0, n)` that no patched `String.prototype` can change. */
export function clip(s: string, n: number): string {
  return s.length <= n ? s : (apply(stringSlice, s, [0, n]) as string)
}

/**
 * An object without a prototype holding `fields`: resolving a promise with it cannot find a
 * scenario-defined `Object.prototype.then`, and no inherited getter or setter applies to it.
 */
export function bare<T extends object>(fields: T): T {
  return assign(create(null) as T, fields)
}

/** `array.push(item)` that no setter on `Array.prototype[n]` and no patched `push` can intercept. */
export function append<T>(array: T[], item: T): void {
  defineProperty(array, array.length, bare({ value: item, writable: true, enumerable: true, configurable: true }))
}
