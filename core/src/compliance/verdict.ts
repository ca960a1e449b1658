import type { VerdictText } from '../model/index.js'

export type { VerdictText }

/** What a check returns before the rule's severity turns it into a verdict. */
export interface CheckResult {
  passed: boolean
  figure: number | null
  threshold: number | null
  /** The sentence, from `say(key, params)` (verdict-text.ts): never written by hand. */
  message: string
  text: VerdictText
  evidence?: Record<string, unknown>
}

/** A check's sentence: the English words and the data they were made from. */
export interface Said {
  message: string
  text: VerdictText
}

/** How a catalogue formats values: each language brings its own (English keeps the host's plain forms). */
export interface TextFormat {
  /** A measured number to exactly `digits` decimals. */
  fixed(x: number, digits: number): string
  /** A count of things. */
  count(x: number): string
  /** A share (0.25) as a percentage, one decimal unless `digits`. */
  pct(x: number, digits?: number): string
  /** A threshold or parameter as the rule pack gives it. */
  value(x: number): string
  /** Names as a list. */
  list(xs: readonly string[]): string
  /** Text a scenario controls, quoted and cut (../quote.ts). */
  quote(s: string): string
  /** A nested sentence, in the same language. */
  text(t: VerdictText): string
}
