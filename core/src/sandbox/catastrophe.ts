/**
 * isolated-vm calls `onCatastrophicError` when V8 has lost control of an isolate: nothing in the
 * process can be trusted after that. The worker reports it and ends itself with SIGKILL: an exit
 * that runs Node's teardown (process.exit) can wait forever on the lost isolate's thread. Its pool
 * records the run as SANDBOX_CRASHED and starts a new worker.
 */

/** The exit code of a worker that ended itself after a catastrophic isolate error. */
export const CATASTROPHE_EXIT_CODE = 70

type Handler = (message: string) => void

/** Outside a worker (tests, `bund build` in-process): say it and end the process. */
let handler: Handler = (message) => {
  process.stderr.write(`bund: isolated-vm catastrophic error: ${message}\n`)
  killSelf()
}

/** Ends this process at once: no exit handlers, no waiting on any thread. */
export function killSelf(): never {
  process.kill(process.pid, 'SIGKILL')
  // The signal is delivered before kill() returns to a single-threaded caller; this is never reached.
  throw new Error('unreachable')
}

/** Installs what a catastrophic error does in this process (a worker reports it to its pool). */
export function onCatastrophe(next: Handler): void {
  handler = next
}

/** Passed to every isolate as `onCatastrophicError`. */
export function catastrophe(message: string): void {
  handler(String(message))
}
