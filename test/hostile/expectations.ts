/**
 * The hostile corpus: every scenario under test/hostile/<name>/ and the code its run must end in.
 * `message` pins the reason, so a run that fails for another cause does not pass. Runs go in this
 * order on one worker (leak-plant must come right before leak-probe).
 */
export interface HostileExpectation {
  code: 'SANDBOX_TIMEOUT' | 'SANDBOX_MEMORY' | 'SANDBOX_CRASHED' | 'SCENARIO_THREW' | 'OUTPUT_INVALID' | 'OUTPUT_TOO_LARGE' | 'PARAMS_INVALID' | 'MANIFEST_INVALID'
  message: RegExp
}

const HELD = /^Error: held: /

/**
 * 'neutralised': the attack cannot reach the host, and what the isolate hands over is valid, so the
 * run publishes (a trap or getter that ran on the host would kill the worker: SANDBOX_CRASHED).
 */
export const HOSTILE: Record<string, HostileExpectation | 'neutralised'> = {
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
  // A Proxy is read once, inside the isolate, into the sealed copy: its traps never run on the host.
  'output-proxy': 'neutralised',
  'output-tojson': { code: 'OUTPUT_INVALID', message: /output is not a plain object/ },
  'output-own-tojson': { code: 'OUTPUT_INVALID', message: /output\.toJSON is a function/ },
  'output-circular': { code: 'OUTPUT_INVALID', message: /output\.self refers to itself/ },
  'output-huge': { code: 'OUTPUT_TOO_LARGE', message: /output\.padding is a string 8388608 characters long, over the limit of 4096/ },
  'output-dag-bomb': { code: 'OUTPUT_INVALID', message: /is the same object as output\.bomb.* \(shared references are refused\)/ },
  'output-deep': { code: 'OUTPUT_INVALID', message: /nested more than 200 levels/ },
  'output-exotic': { code: 'OUTPUT_INVALID', message: /output\.when is not a plain object/ },
  'output-function': { code: 'OUTPUT_INVALID', message: /output is a function/ },
  // Microtasks that ran before the seal are seen by it; none can run between the seal and the copy.
  'output-mutated-late': { code: 'OUTPUT_INVALID', message: /not a valid credit-decisions result/ },
  'output-dag-late': { code: 'OUTPUT_INVALID', message: /shared references are refused/ },
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
  // A refused request far over the limit leaves the heap nearly empty: the scenario's own RangeError.
  'heap-typed-array-huge': { code: 'SCENARIO_THREW', message: /^RangeError: Array buffer allocation failed/ },
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
  // Bytes a scenario controls, bounded before they are copied out (issue 18).
  'output-cons-string': { code: 'OUTPUT_TOO_LARGE', message: /^output\.modelCard\.limitations is a string 134217728 characters long, over the limit of 4096$/ },
  'output-cons-string-late': { code: 'OUTPUT_TOO_LARGE', message: /^output\.modelCard\.limitations is a string 134217728 characters long, over the limit of 4096$/ },
  'output-key-huge': { code: 'OUTPUT_TOO_LARGE', message: /has a key 16777216 characters long, over the limit of 4096$/ },
  'output-view-big-buffer': { code: 'OUTPUT_TOO_LARGE', message: /^the output is at least \d+ bytes as JSON, over the limit of 1048576$/ },
  'output-shared-array': { code: 'OUTPUT_INVALID', message: /^output\.aggregates\[1\]\.cells is the same object as output\.aggregates\[0\]\.cells \(shared references are refused\)/ },
  'output-proto-column': { code: 'OUTPUT_INVALID', message: /unexpected column __proto__.*unexpected column constructor/ },
  'market-series-bloat': { code: 'OUTPUT_TOO_LARGE', message: /^output\.forecasts\.columns\.series\.dictionary\[0\] is a string 134217728 characters long, over the limit of 4096$/ },
  'datasets-oversized': { code: 'SANDBOX_MEMORY', message: /^the datasets need about \d+ MB, more than the run's heap of 32 MB/ },
  // The clock: the run's fixed instant, in UTC, whichever way it is read.
  'clock-date-paths': { code: 'SCENARIO_THREW', message: HELD },
  'clock-intl': { code: 'SCENARIO_THREW', message: HELD },
  'clock-other': { code: 'SCENARIO_THREW', message: HELD },
  // Failure classes come from isolated-vm's state and the host's clock, never from a message.
  'forge-timeout': { code: 'SCENARIO_THREW', message: /Script execution timed out/ },
  'forge-memory': { code: 'SCENARIO_THREW', message: /Isolate was disposed during execution due to memory limit/ },
  'forge-arraybuffer-failed': { code: 'SCENARIO_THREW', message: /^RangeError: Array buffer allocation failed$/ },
  'forge-output-invalid': { code: 'SCENARIO_THREW', message: /could not be cloned/ },
  // A catastrophic error ends the worker at once (SIGKILL); the pool starts a fresh one.
  'catastrophic-oom': { code: 'SANDBOX_CRASHED', message: /catastrophic isolated-vm error/ },
}
