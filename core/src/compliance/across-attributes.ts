/**
 * Fairness across every protected attribute: a rule names one attribute, or (usually) none, and then
 * measures each attribute the run's data kind declares protected (compliance/protected.ts); the
 * worst attribute's figure is the rule's figure, and every attribute's evidence is kept.
 */
import type { CheckInput } from './check.js'
import { NotEvaluable } from './check.js'
import { protectedAttributesOf } from './protected.js'
import { datasetOf } from './tables.js'
import type { CheckResult } from './verdict.js'
import { say, type VerdictText } from './verdict-text.js'

/** One attribute's measurement. */
export interface AttributeMeasure {
  figure: number
  message: string
  text: VerdictText
  evidence: Record<string, unknown>
}

/**
 * Measures `measure` for the named attribute or for every declared one, and keeps the worst:
 * the highest figure when `worst` is 'max' (differences), the lowest when 'min' (ratios).
 * An attribute that cannot be measured makes the rule not evaluable, naming it.
 */
export function acrossAttributes(
  input: CheckInput,
  attribute: string | undefined,
  worst: 'max' | 'min',
  threshold: number,
  measure: (attribute: string) => AttributeMeasure,
): CheckResult {
  const attributes = attribute !== undefined ? [attribute] : protectedAttributesOf(datasetOf(input, ['credit-applicants', 'sme-loans']).kind)
  if (attributes.length === 0) throw new NotEvaluable(say('noProtectedAttribute'))
  const byAttribute: Record<string, Record<string, unknown>> = {}
  let chosen: (AttributeMeasure & { attribute: string }) | undefined
  for (const a of attributes) {
    let m: AttributeMeasure
    try {
      m = measure(a)
    } catch (e) {
      if (e instanceof NotEvaluable && attributes.length > 1) throw new NotEvaluable(say('attributeNotEvaluable', { attribute: a, why: e.text }))
      throw e
    }
    byAttribute[a] = { figure: m.figure, ...m.evidence }
    if (chosen === undefined || (worst === 'max' ? m.figure > chosen.figure : m.figure < chosen.figure)) chosen = { ...m, attribute: a }
  }
  const c = chosen!
  const passed = worst === 'max' ? c.figure <= threshold : c.figure >= threshold
  return {
    passed,
    figure: c.figure,
    threshold,
    ...(attributes.length === 1 ? { message: c.message, text: c.text } : say('worstOfAttributes', { attributes, inner: c.text })),
    evidence: { attribute: c.attribute, attributes: byAttribute },
  }
}
