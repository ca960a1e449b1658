/**
 * isolated-vm calls `onCatastrophicError` when V8 has lost control of an isolate: nothing in the
 * process can be trusted after that. The worker reports it and ends itself; its pool records the
 * run as SANDBOX_CRASHED and starts a new worker.
 */

/** The exit code of a worker that ended itself after a catastrophic isolate error. */
export const CATASTROPHE_EXIT_CODE = 70

type Handler = (message: string) => void

/** Outside a worker (tests, `bund build` in-process): say it and end the process. */
let handler: Handler = (message) => {
  process.stderr.write(`bund: isolated-vm catastrophic error: ${message}\n`)
  process.exit(CATASTROPHE_EXIT_CODE)
}

/** Installs what a catastrophic error does in this process (a worker reports it to its pool). */
export function onCatastrophe(next: Handler): void {
  handler = next
}

/** Passed to every isolate as `onCatastrophicError`. */
export function catastrophe(message: string): void {
  handler(String(message))
}
