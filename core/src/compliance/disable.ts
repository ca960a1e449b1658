import { BundError } from '../kernel/index.js'
import type { DisabledRules } from './evaluate.js'
import type { RulePack } from './rule-pack.js'

/**
 * Parses operator requests to disable rules, each `RULE_ID=reason`. A rule can only be disabled
 * with a reason (it is recorded in the run's verdicts) and only if it exists in the loaded packs.
 */
export function parseDisabledRules(entries: readonly string[], packs: readonly RulePack[]): DisabledRules {
  const known = new Set(packs.flatMap((p) => p.rules.map((r) => r.id)))
  const out: Record<string, string> = {}
  for (const entry of entries) {
    const at = entry.indexOf('=')
    const id = (at < 0 ? entry : entry.slice(0, at)).trim()
    const reason = at < 0 ? '' : entry.slice(at + 1).trim()
    if (reason.length === 0) throw new BundError('USAGE', `--disable ${id}: a rule can only be disabled with a reason, as RULE_ID=reason`)
    if (reason.length > 500) throw new BundError('USAGE', `--disable ${id}: the reason is longer than 500 characters`)
    if (!known.has(id)) throw new BundError('USAGE', `--disable ${id}: no loaded rule has that id`)
    if (id in out) throw new BundError('USAGE', `--disable ${id}: given twice`)
    out[id] = reason
  }
  return out
}
