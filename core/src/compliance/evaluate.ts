import type { ResultKind } from '@bund/sdk'
import type { CheckInput } from './check.js'
import { NotEvaluable } from './check.js'
import { say } from './verdict-text.js'
import { CHECKS } from './checks/index.js'
import { type RerunRequest, rerunKey } from './rerun-request.js'
import type { Rule, RulePack } from './rule-pack.js'
import type { Verdict } from '../model/index.js'

/** Rules the operator switched off for a run, each with the reason recorded in its verdict. */
export type DisabledRules = Readonly<Record<string, string>>

/** True when a rule applies to a run of this kind and category. */
export function applies(rule: Rule, kind: ResultKind, category: string): boolean {
  return (rule.appliesTo.kind === undefined || rule.appliesTo.kind === kind) && (rule.appliesTo.category === undefined || rule.appliesTo.category === category)
}

/**
 * The distinct re-runs the enabled, applicable rules need, in rule order; `attributes` are the
 * protected attributes the run's data kinds declare (`protectedAttributesOfRun`).
 */
export function rerunsNeeded(packs: readonly RulePack[], kind: ResultKind, category: string, disabled: DisabledRules = {}, attributes: readonly string[] = []): RerunRequest[] {
  const needed = new Map<string, RerunRequest>()
  for (const pack of packs) {
    for (const rule of pack.rules) {
      if (!applies(rule, kind, category) || rule.id in disabled) continue
      const check = CHECKS[rule.check]
      if (check?.reruns === undefined) continue
      const params = check.params.safeParse(rule.params)
      if (!params.success) continue
      for (const r of check.reruns(params.data, attributes)) needed.set(rerunKey(r), r)
    }
  }
  return [...needed.values()]
}

/**
 * Evaluates every applicable rule. Nothing is skipped silently: a rule whose check cannot compute
 * its figure fails as "not evaluable", with the reason, and a rule the operator disabled is
 * reported as a warning carrying the operator's reason (`disabledReason`).
 */
export function evaluateRules(packs: readonly RulePack[], input: CheckInput, disabled: DisabledRules = {}): Verdict[] {
  const verdicts: Verdict[] = []
  for (const pack of packs) {
    for (const rule of pack.rules) {
      if (!applies(rule, input.kind, input.manifest.category)) continue
      const base = { rule: rule.id, title: rule.title, check: rule.check, citation: rule.citation, remedy: rule.remedy, severity: rule.severity }
      const reason = disabled[rule.id]
      if (reason !== undefined) {
        verdicts.push({ ...base, status: 'warn', figure: null, threshold: null, ...say('disabledByOperator', { reason }), disabledReason: reason })
        continue
      }
      const check = CHECKS[rule.check]
      try {
        if (check === undefined) throw new NotEvaluable(say('unknownCheck', { check: rule.check }))
        if (check.kinds !== '*' && !check.kinds.includes(input.kind)) throw new NotEvaluable(say('checkNotForKind', { check: rule.check, kind: input.kind }))
        const { passed, ...result } = check.evaluate(input, check.params.parse(rule.params) as never)
        verdicts.push({ ...base, status: passed ? 'pass' : rule.severity === 'block' ? 'fail' : 'warn', ...result })
      } catch (e) {
        const said = e instanceof NotEvaluable ? say('notEvaluable', { why: e.text }) : say('checkFailed', { error: (e as Error).message })
        verdicts.push({ ...base, status: 'fail', figure: null, threshold: null, ...said })
      }
    }
  }
  return verdicts
}
