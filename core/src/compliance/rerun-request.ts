/**
 * What a check asks of the job before it evaluates: a re-run of the scenario (the same inputs, or
 * data changed as rerun.ts makes it: a protected attribute exchanged, another period, another future), and what each re-run gave. Apart from rerun.ts so that checks
 * can name re-runs without importing the data it rewrites (and rerun.ts can import checks' errors).
 */

/** A re-run a check asks for. */
export type RerunRequest = { kind: 'repeat' } | { kind: 'exchange-attribute'; attribute: string } | { kind: 'out-of-time' } | { kind: 'another-future' }

/** What a re-run gave: its validated output, that output's hash and its read-set, or why there is none. */
export type RerunOutcome = { ok: true; output: unknown; outputHash: string; reads?: Record<string, string[]> } | { ok: false; error: { code: string; message: string } }

/** The key a re-run's outcome is filed under. */
export function rerunKey(request: RerunRequest): string {
  return request.kind === 'exchange-attribute' ? `exchange-attribute:${request.attribute}` : request.kind
}
