/** The outcome of one rule on one run. */
export interface Verdict {
  /** The rule's id, e.g. `fair-lending/four-fifths-gender`. */
  rule: string
  title: string
  /** The built-in check the rule uses. */
  check: string
  /** The regulation or standard the rule stands for. */
  citation: string
  /**
   * What to change when the rule fails: the rule's one-line remedy. Every verdict evaluated now
   * carries it; only verdicts stored before rules had remedies lack it.
   */
  remedy?: string
  severity: 'block' | 'warn'
  status: 'pass' | 'warn' | 'fail'
  /** The measured figure, e.g. the approval-rate ratio; null when there is none. */
  figure: number | null
  /** The threshold the figure was held against. */
  threshold: number | null
  /** One sentence a person can read: what was measured and why it passed or not (English). */
  message: string
  /**
   * The same sentence as catalogue key and parameters (verdict-text.ts), so the dashboard words it
   * in the reader's language; absent on verdicts recorded before sentences had keys.
   */
  text?: VerdictText
  /** The numbers behind the figure, e.g. each group's approval rate. */
  evidence?: Record<string, unknown>
  /**
   * Set when the operator disabled the rule for this run: the verdict is then a `warn` with no
   * figure, so the rule is never silently dropped and the reason is published with the result.
   */
  disabledReason?: string
}

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

/** A sentence as stored with a verdict. */
export interface VerdictText {
  key: string
  params?: Record<string, unknown>
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
