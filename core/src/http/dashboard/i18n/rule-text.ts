/**
 * Rule and rule-pack text in languages other than the packs' own English: one catalogue per
 * language under core/rules/i18n/, keyed by rule id, so the packs themselves stay single-language
 * data and whoever edits a pack's rules never meets a translation in the same file.
 * test/unit/dashboard-i18n.test.ts fails when a loaded rule (or its remedy) has no entry, or an
 * entry names no rule.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { BUILTIN_RULES_DIR } from '../../../compliance/rule-pack.js'
import type { Locale } from './locale.js'

export const ruleCatalogueSchema = z
  .object({
    locale: z.string(),
    packs: z.record(z.string(), z.string().min(1).max(200)),
    rules: z.record(z.string(), z.object({ title: z.string().min(1).max(300), remedy: z.string().min(1).max(400).optional() }).strict()),
  })
  .strict()
export type RuleCatalogue = z.infer<typeof ruleCatalogueSchema>

/** The catalogue file of a language. */
export function ruleCatalogueFile(locale: Locale): string {
  return join(BUILTIN_RULES_DIR, 'i18n', `${locale}.json`)
}

const cache = new Map<Locale, RuleCatalogue | undefined>()

/** The translated rule text of a language; none for English (the packs are English). */
export function ruleCatalogue(locale: Locale): RuleCatalogue | undefined {
  if (locale === 'en') return undefined
  if (!cache.has(locale)) cache.set(locale, ruleCatalogueSchema.parse(JSON.parse(readFileSync(ruleCatalogueFile(locale), 'utf8'))))
  return cache.get(locale)
}
