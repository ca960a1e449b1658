import { z } from 'zod'

/**
 * A verdict's sentence as a key of the verdict-sentence catalogue (compliance/verdict-text.ts) and
 * its parameters, so the dashboard words it in the reader's language.
 */
export const verdictTextSchema = z.object({ key: z.string(), params: z.record(z.string(), z.unknown()).optional() })

export type VerdictText = z.infer<typeof verdictTextSchema>

/** The outcome of one rule on one run. */
export const verdictSchema = z.object({
  /** The rule's id, e.g. `fair-lending/four-fifths-gender`. */
  rule: z.string(),
  title: z.string(),
  /** The built-in check the rule uses. */
  check: z.string(),
  /** The regulation or standard the rule stands for. */
  citation: z.string(),
  /**
   * What to change when the rule fails: the rule's one-line remedy. Every verdict evaluated now
   * carries it; only verdicts stored before rules had remedies lack it.
   */
  remedy: z.string().optional().meta({ description: "The rule's one-line remedy: what to change when it fails (absent on verdicts recorded before rules had one)" }),
  severity: z.enum(['block', 'warn']),
  status: z.enum(['pass', 'warn', 'fail']),
  /** The measured figure, e.g. the approval-rate ratio; null when there is none. */
  figure: z.number().nullable(),
  /** The threshold the figure was held against. */
  threshold: z.number().nullable(),
  /** One sentence a person can read: what was measured and why it passed or not (English). */
  message: z.string(),
  /** The same sentence as catalogue key and parameters; absent on verdicts recorded before sentences had keys. */
  text: verdictTextSchema.optional().meta({
    description: "The message as a key of Bund's verdict-sentence catalogue and its parameters, so a client can word it in another language (absent on verdicts recorded before sentences had keys)",
  }),
  /** The numbers behind the figure, e.g. each group's approval rate. */
  evidence: z.record(z.string(), z.unknown()).optional(),
  /**
   * Set when the operator disabled the rule for this run: the verdict is then a `warn` with no
   * figure, so the rule is never silently dropped and the reason is published with the result.
   */
  disabledReason: z.string().optional().meta({ description: 'Set when an operator disabled the rule for this run, with the reason they recorded' }),
})

export type Verdict = z.infer<typeof verdictSchema>
