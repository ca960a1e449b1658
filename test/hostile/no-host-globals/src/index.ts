import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS, escaped, held } from '../../_shared/hostile.js'

/** ECMAScript and V8 built-ins (Intl, console), plus the scenario's own export. */
const STANDARD_GLOBALS = [
  'Object', 'Function', 'Array', 'Number', 'parseFloat', 'parseInt', 'Infinity', 'NaN', 'undefined', 'Boolean', 'String',
  'Symbol', 'Date', 'Promise', 'RegExp', 'Error', 'AggregateError', 'EvalError', 'RangeError', 'ReferenceError', 'SyntaxError',
  'TypeError', 'URIError', 'globalThis', 'JSON', 'Math', 'Intl', 'ArrayBuffer', 'Uint8Array', 'Int8Array', 'Uint16Array',
  'Int16Array', 'Uint32Array', 'Int32Array', 'Float32Array', 'Float64Array', 'Uint8ClampedArray', 'BigUint64Array',
  'BigInt64Array', 'DataView', 'Map', 'BigInt', 'Set', 'WeakMap', 'WeakSet', 'Proxy', 'Reflect', 'FinalizationRegistry',
  'WeakRef', 'decodeURI', 'decodeURIComponent', 'encodeURI', 'encodeURIComponent', 'escape', 'unescape', 'eval', 'isFinite',
  'isNaN', 'console', 'Iterator', 'SuppressedError', 'DisposableStack', 'AsyncDisposableStack', 'Float16Array', '__bund_scenario',
]

/** Hostile: Node and isolated-vm globals: process, require, module, Buffer, ivm, timers. */
const scenario = defineScenario({
  id: 'hostile/no-host-globals',
  version: '1.0.0',
  title: "Hostile: Node and isolated-vm globals: process, require, module, Buffer, ivm, timers",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  run(ctx) {
    const g = globalThis as Record<string, unknown>
    const names = ['process', 'require', 'module', 'exports', 'global', 'Buffer', 'ivm', '_ivm', 'isolated-vm', 'setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'fetch', 'WebAssembly', 'SharedArrayBuffer', 'Atomics', '__filename', '__dirname']
    const present = names.filter((n) => g[n] !== undefined)
    const standard = new Set(STANDARD_GLOBALS)
    const extra = Object.getOwnPropertyNames(globalThis).filter((n) => !standard.has(n))
    if (present.length > 0 || extra.length > 0) return escaped(ctx, `host globals present: ${[...present, ...extra].join(', ')}`)
    held('the global object holds the language built-ins only')
  },
})
export default scenario
