import type { Verdict } from '../model/index.js'

/** The gate's decision: publish, or hold for the operator. */
export type GateDecision = 'published' | 'held'

/**
 * Publish only when no blocking check failed; warnings are published with the result. A rule the
 * operator disabled is a warning with the operator's reason, so it is published too.
 */
export function gate(verdicts: readonly Verdict[]): GateDecision {
  return verdicts.some((v) => v.severity === 'block' && v.status === 'fail') ? 'held' : 'published'
}
