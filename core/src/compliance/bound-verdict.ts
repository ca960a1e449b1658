/**
 * The size bound of what a run records about its checks. A check may put scenario-provided text in
 * its message or evidence (a series name, a group label); whatever a check does, a verdict stays
 * small: its message is cut, and its evidence keeps short strings, short arrays and a few levels.
 * Checks quote scenario text with `quote` (../quote.ts); this is the bound behind them.
 */
import { clipText, QUOTE_CHARS } from '../kernel/index.js'
import type { Verdict, VerdictText } from '../model/index.js'

/** Characters of a verdict's message. */
export const MAX_VERDICT_MESSAGE = 1000
/** Bytes of a verdict's evidence as JSON; larger evidence is replaced by a note of its size. */
export const MAX_EVIDENCE_BYTES = 64 * 1024
/** Bytes of a verdict's sentence parameters as JSON. */
const MAX_TEXT_BYTES = 16 * 1024
/** Items kept of an evidence array, and levels of nesting. */
const MAX_EVIDENCE_ITEMS = 1000
const MAX_EVIDENCE_DEPTH = 8

function boundValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return clipText(value, QUOTE_CHARS)
  if (value === null || typeof value !== 'object') return value
  if (depth >= MAX_EVIDENCE_DEPTH) return '[nested too deep]'
  if (Array.isArray(value)) {
    const kept = value.slice(0, MAX_EVIDENCE_ITEMS).map((v) => boundValue(v, depth + 1))
    return value.length > MAX_EVIDENCE_ITEMS ? [...kept, `… ${value.length - MAX_EVIDENCE_ITEMS} more`] : kept
  }
  const out: Record<string, unknown> = {}
  let n = 0
  for (const [k, v] of Object.entries(value)) {
    if (++n > MAX_EVIDENCE_ITEMS) {
      out['…'] = `${Object.keys(value).length - MAX_EVIDENCE_ITEMS} more keys`
      break
    }
    out[clipText(k, QUOTE_CHARS)] = boundValue(v, depth + 1)
  }
  return out
}

/** Evidence (or error details) cut to the bounds above. */
export function boundEvidence(evidence: Record<string, unknown>): Record<string, unknown> {
  const bounded = boundValue(evidence, 0) as Record<string, unknown>
  const bytes = Buffer.byteLength(JSON.stringify(bounded))
  return bytes <= MAX_EVIDENCE_BYTES ? bounded : { truncated: true, bytes }
}

/** A verdict within the bounds: message cut, evidence bounded. */
export function boundVerdict(verdict: Verdict): Verdict {
  const { evidence, text, ...rest } = verdict
  // The sentence's parameters are bounded like evidence; a sentence too large to keep is dropped
  // (the dashboard then shows the English message).
  const boundedText = text === undefined ? undefined : (boundValue(text, 0) as VerdictText)
  return {
    ...rest,
    message: clipText(verdict.message, MAX_VERDICT_MESSAGE),
    ...(boundedText !== undefined && Buffer.byteLength(JSON.stringify(boundedText)) <= MAX_TEXT_BYTES ? { text: boundedText } : {}),
    ...(verdict.disabledReason !== undefined ? { disabledReason: clipText(verdict.disabledReason, MAX_VERDICT_MESSAGE) } : {}),
    ...(evidence !== undefined ? { evidence: boundEvidence(evidence) } : {}),
  }
}
