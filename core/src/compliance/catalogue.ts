/**
 * The rule catalogue authors read: every rule of the loaded packs with its kind, severity,
 * threshold (the rule's params), citation and remedy. `bund rules` prints it and the SDK README's
 * table is generated from it, so the documentation cannot drift from the packs.
 */
import { RESULT_KIND_NAMES, type ResultKind } from '@bund/sdk'
import type { RulePack } from './rule-pack.js'

export interface CatalogueEntry {
  rule: string
  title: string
  /** The result kind the rule applies to, or null for every kind. */
  kind: ResultKind | null
  severity: 'block' | 'warn'
  check: string
  params: Record<string, unknown>
  /** The params as a person reads them, e.g. "threshold 0.8". */
  threshold: string
  citation: string
  remedy: string
}

/** Params in words: "name value" pairs; lists joined by "/", nothing as "—". */
export function formatParams(params: Record<string, unknown>): string {
  const parts = Object.entries(params).map(([k, v]) => `${k} ${Array.isArray(v) ? v.join('/') : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`)
  return parts.length === 0 ? '—' : parts.join(', ')
}

/** Every rule of the packs, optionally only those that apply to `kind` (kind-specific and every-kind rules). */
export function ruleCatalogue(packs: readonly RulePack[], kind?: ResultKind): CatalogueEntry[] {
  return packs
    .flatMap((p) => p.rules)
    .filter((r) => kind === undefined || r.appliesTo.kind === undefined || r.appliesTo.kind === kind)
    .map((r) => ({
      rule: r.id,
      title: r.title,
      kind: r.appliesTo.kind ?? null,
      severity: r.severity,
      check: r.check,
      params: r.params,
      threshold: formatParams(r.params),
      citation: r.citation,
      remedy: r.remedy,
    }))
}

const cell = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ')

/** The catalogue as Markdown: one table per result kind, then the rules for every kind. */
export function catalogueMarkdown(packs: readonly RulePack[]): string {
  const all = ruleCatalogue(packs)
  const sections: Array<[string, CatalogueEntry[]]> = [...RESULT_KIND_NAMES.map((k) => [`\`${k}\``, all.filter((e) => e.kind === k)] as [string, CatalogueEntry[]]), ['every kind', all.filter((e) => e.kind === null)]]
  const out: string[] = []
  for (const [title, entries] of sections) {
    if (entries.length === 0) continue
    out.push(`#### ${title}`, '', '| rule | blocking or warning | threshold | citation | remedy |', '| --- | --- | --- | --- | --- |')
    for (const e of entries) out.push(`| \`${e.rule}\` — ${cell(e.title)} | ${e.severity === 'block' ? 'blocking' : 'warning'} | ${cell(e.threshold)} | ${cell(e.citation)} | ${cell(e.remedy)} |`)
    out.push('')
  }
  return out.join('\n')
}
