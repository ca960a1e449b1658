import type { Verdict } from './verdict.js'

/** The gate's decision: publish, or hold for the operator. */
export type GateDecision = 'published' | 'held'

/** Publish only when no blocking check failed; warnings are published with the result. */
export function gate(verdicts: readonly Verdict[]): GateDecision {
  return verdicts.some((v) => v.severity === 'block' && v.status === 'fail') ? 'held' : 'published'
}
