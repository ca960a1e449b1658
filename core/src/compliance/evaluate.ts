import type { ResultKind } from '@bund/sdk'
import type { CheckInput } from './check.js'
import { NotEvaluable } from './check.js'
import { CHECKS } from './checks/index.js'
import type { Rule, RulePack } from './rule-pack.js'
import type { Verdict } from './verdict.js'

/** True when a rule applies to a run of this kind and category. */
export function applies(rule: Rule, kind: ResultKind, category: string): boolean {
  return (rule.appliesTo.kind === undefined || rule.appliesTo.kind === kind) && (rule.appliesTo.category === undefined || rule.appliesTo.category === category)
}

/**
 * Evaluates every applicable rule. Nothing is skipped silently: a rule whose check cannot compute
 * its figure fails as "not evaluable", with the reason.
 */
export function evaluateRules(packs: readonly RulePack[], input: CheckInput): Verdict[] {
  const verdicts: Verdict[] = []
  for (const pack of packs) {
    for (const rule of pack.rules) {
      if (!applies(rule, input.kind, input.manifest.category)) continue
      const base = { rule: rule.id, title: rule.title, check: rule.check, citation: rule.citation, severity: rule.severity }
      const check = CHECKS[rule.check]
      try {
        if (check === undefined) throw new NotEvaluable(`unknown check ${rule.check}`)
        if (check.kinds !== '*' && !check.kinds.includes(input.kind)) throw new NotEvaluable(`check ${rule.check} does not apply to ${input.kind}`)
        const { passed, ...result } = check.evaluate(input, check.params.parse(rule.params) as never)
        verdicts.push({ ...base, status: passed ? 'pass' : rule.severity === 'block' ? 'fail' : 'warn', ...result })
      } catch (e) {
        const reason = e instanceof NotEvaluable ? e.message : `the check failed: ${(e as Error).message}`
        verdicts.push({ ...base, status: 'fail', figure: null, threshold: null, message: `not evaluable: ${reason}` })
      }
    }
  }
  return verdicts
}
