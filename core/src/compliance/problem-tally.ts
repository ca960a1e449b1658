/**
 * Problems counted by kind for a verdict: the English sentence of each kind keys the evidence's
 * counts (`{ "no outcome": 3 }`, as records always had them), and the sentences themselves go into
 * the verdict's text, so the dashboard can word every kind in the reader's language.
 */
import type { Said, VerdictText } from './verdict.js'

export class ProblemTally {
  /** Count per kind, keyed by its English sentence (the evidence). */
  readonly counts: Record<string, number> = {}
  readonly #texts = new Map<string, VerdictText>()

  add(what: Said): void {
    this.counts[what.message] = (this.counts[what.message] ?? 0) + 1
    if (!this.#texts.has(what.message)) this.#texts.set(what.message, what.text)
  }

  /** Each kind with its count, for a sentence's parameters. */
  kinds(): Array<{ count: number; problem: VerdictText }> {
    return [...this.#texts].map(([message, problem]) => ({ count: this.counts[message]!, problem }))
  }
}
