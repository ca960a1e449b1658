/**
 * The hostile corpus: every scenario under test/hostile/<name>/ and the code its run must end in.
 * `message` pins the reason, so a run that fails for another cause does not pass. Runs go in this
 * order on one worker (leak-plant must come right before leak-probe).
 */
export interface HostileExpectation {
  code: 'SANDBOX_TIMEOUT' | 'SANDBOX_MEMORY' | 'SANDBOX_CRASHED' | 'SCENARIO_THREW' | 'OUTPUT_INVALID' | 'OUTPUT_TOO_LARGE'
  message: RegExp
}

const HELD = /^Error: held: /

export const HOSTILE: Record<string, HostileExpectation> = {
  // Constructor chains and code evaluation: everything compiles inside the isolate.
  'ctor-this': { code: 'SCENARIO_THREW', message: HELD },
  'ctor-promise': { code: 'SCENARIO_THREW', message: HELD },
  'ctor-error': { code: 'SCENARIO_THREW', message: HELD },
  'ctor-function': { code: 'SCENARIO_THREW', message: HELD },
  'ctor-async': { code: 'SCENARIO_THREW', message: HELD },
  'ctor-generator': { code: 'SCENARIO_THREW', message: HELD },
  'ctor-ctx': { code: 'SCENARIO_THREW', message: HELD },
  'global-proto': { code: 'SCENARIO_THREW', message: HELD },
  'top-level': { code: 'SCENARIO_THREW', message: HELD },
  'top-level-loop': { code: 'SANDBOX_TIMEOUT', message: /1000 ms/ },
  'top-level-heap': { code: 'SANDBOX_MEMORY', message: /more than 32 MB/ },
  // Stack traces, callers, Proxy traps, species and patched built-ins.
  'stack-prepare': { code: 'SCENARIO_THREW', message: HELD },
  'stack-symbol-name': { code: 'SCENARIO_THREW', message: /Symbol\(boom\)|Cannot convert a Symbol/ },
  'caller-walk': { code: 'SCENARIO_THREW', message: HELD },
  'proxy-traps': { code: 'SCENARIO_THREW', message: HELD },
  'species-promise': { code: 'SCENARIO_THREW', message: HELD },
  'species-array': { code: 'SCENARIO_THREW', message: HELD },
  'then-hijack': { code: 'SCENARIO_THREW', message: HELD },
  'intrinsics-patch': { code: 'SCENARIO_THREW', message: HELD },
  // Outputs: checked as plain data in the isolate, copied as data, never run on the host.
  'output-getter': { code: 'OUTPUT_INVALID', message: /output\.rows is a getter or setter/ },
  'output-proxy': { code: 'OUTPUT_INVALID', message: /not plain data|cannot be read|could not be cloned/ },
  'output-tojson': { code: 'OUTPUT_INVALID', message: /output is not a plain object/ },
  'output-own-tojson': { code: 'OUTPUT_INVALID', message: /output\.toJSON is a function/ },
  'output-circular': { code: 'OUTPUT_INVALID', message: /output\.self refers to itself/ },
  'output-huge': { code: 'OUTPUT_TOO_LARGE', message: /over the limit of 1048576/ },
  'output-dag-bomb': { code: 'OUTPUT_TOO_LARGE', message: /over the limit/ },
  'output-deep': { code: 'OUTPUT_INVALID', message: /nested more than 200 levels/ },
  'output-exotic': { code: 'OUTPUT_INVALID', message: /output\.when is not a plain object/ },
  'output-function': { code: 'OUTPUT_INVALID', message: /output is a function/ },
  'output-mutated-late': { code: 'OUTPUT_INVALID', message: /not plain data|cannot be read|could not be cloned/ },
  'output-dag-late': { code: 'OUTPUT_TOO_LARGE', message: /over the limit/ },
  'output-thenable-never': { code: 'SANDBOX_TIMEOUT', message: /longer than 1000 ms/ },
  // Thrown values the runtime must still describe, within bounds.
  'throw-proxy': { code: 'SCENARIO_THREW', message: /cannot be read/ },
  'throw-huge': { code: 'SCENARIO_THREW', message: /^Error: y{100}/ },
  // Time.
  'infinite-loop': { code: 'SANDBOX_TIMEOUT', message: /1000 ms/ },
  'never-resolves': { code: 'SANDBOX_TIMEOUT', message: /longer than 1000 ms/ },
  'microtask-flood': { code: 'SANDBOX_TIMEOUT', message: /1000 ms/ },
  'deep-recursion': { code: 'SCENARIO_THREW', message: /Maximum call stack size exceeded/ },
  'recursion-rethrow': { code: 'SANDBOX_TIMEOUT', message: /1000 ms/ },
  'regex-backtracking': { code: 'SANDBOX_TIMEOUT', message: /1000 ms/ },
  // Memory.
  'heap-array': { code: 'SANDBOX_MEMORY', message: /more than 32 MB/ },
  'heap-string': { code: 'SANDBOX_MEMORY', message: /more than 32 MB/ },
  'heap-json': { code: 'SANDBOX_MEMORY', message: /more than 32 MB/ },
  'heap-arraybuffer': { code: 'SANDBOX_MEMORY', message: /more than 32 MB/ },
  'heap-arraybuffer-retry': { code: 'SANDBOX_TIMEOUT', message: /1000 ms/ },
  'heap-typed-array-huge': { code: 'SANDBOX_MEMORY', message: /more than 32 MB/ },
  'wasm-memory': { code: 'SCENARIO_THREW', message: /Cannot read properties of undefined \(reading 'Memory'\)/ },
  'sab-atomics-wait': { code: 'SCENARIO_THREW', message: /is not a constructor|Cannot read properties of undefined/ },
  'sab-output': { code: 'SCENARIO_THREW', message: /S is not a constructor/ },
  // Logs and progress: capped however they are produced.
  'log-flood': { code: 'SCENARIO_THREW', message: HELD },
  'log-bypass': { code: 'SCENARIO_THREW', message: HELD },
  'progress-flood': { code: 'SCENARIO_THREW', message: HELD },
  // Nothing of the host, of earlier runs or of other tenants is reachable.
  'no-host-globals': { code: 'SCENARIO_THREW', message: HELD },
  'dynamic-import': { code: 'SCENARIO_THREW', message: HELD },
  'host-object-hunt': { code: 'SCENARIO_THREW', message: HELD },
  'leak-plant': { code: 'SCENARIO_THREW', message: HELD },
  'leak-probe': { code: 'SCENARIO_THREW', message: HELD },
  'tenant-snoop': { code: 'SCENARIO_THREW', message: HELD },
  'uninitialised-memory': { code: 'SCENARIO_THREW', message: HELD },
}
