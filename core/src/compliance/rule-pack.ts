/**
 * Rule packs: versioned JSON files of rules, each naming a built-in check, its params and its
 * severity. A malformed pack is refused at load, naming the file, the rule and the zod path.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { basename, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { RESULT_KIND_NAMES } from '@bund/sdk'
import { z } from 'zod'
import { BundError } from '../kernel/index.js'
import { qualifiedSlugSchema, slugSchema, versionSchema } from '../model/index.js'
import { formatIssues } from '../manifest/load.js'
import { CHECKS } from './checks/index.js'

export const ruleSchema = z
  .object({
    id: qualifiedSlugSchema,
    title: z.string().min(1),
    citation: z.string().min(1),
    /** One line telling an author what to change when the rule fails. */
    remedy: z.string().min(1).max(300).refine((s) => !s.includes('\n'), 'must be one line'),
    appliesTo: z
      .object({ kind: z.enum(RESULT_KIND_NAMES).optional(), category: z.string().optional() })
      .strict()
      .describe('result kind or scenario category; empty means every run'),
    check: z.string().min(1),
    params: z.record(z.string(), z.unknown()).default({}),
    severity: z.enum(['block', 'warn']),
  })
  .strict()

export const rulePackSchema = z
  .object({
    id: slugSchema,
    version: versionSchema,
    title: z.string().min(1),
    description: z.string().optional(),
    rules: z.array(ruleSchema).min(1),
  })
  .strict()

export type Rule = z.infer<typeof ruleSchema>
export type RulePack = z.infer<typeof rulePackSchema>

/** The folder of the built-in packs. */
export const BUILTIN_RULES_DIR = fileURLToPath(new URL('../../rules/', import.meta.url))

/** Validates a parsed pack: its shape, then each rule's check name and params. */
export function parseRulePack(value: unknown, file: string): RulePack {
  const parsed = rulePackSchema.safeParse(value)
  if (!parsed.success) {
    const first = parsed.error.issues[0]
    const ruleIndex = first?.path[0] === 'rules' ? first.path[1] : undefined
    const ruleId = typeof ruleIndex === 'number' ? (value as { rules?: Array<{ id?: unknown }> }).rules?.[ruleIndex]?.id : undefined
    throw new BundError('RULES_INVALID', `${file}${ruleId === undefined ? '' : ` rule ${String(ruleId)}`}: ${formatIssues(parsed.error)}`)
  }
  const pack = parsed.data
  const seen = new Set<string>()
  for (const rule of pack.rules) {
    if (seen.has(rule.id)) throw new BundError('RULES_INVALID', `${file} rule ${rule.id}: duplicate rule id`)
    seen.add(rule.id)
    const check = CHECKS[rule.check]
    if (check === undefined) {
      throw new BundError('RULES_INVALID', `${file} rule ${rule.id}: unknown check "${rule.check}"; known checks: ${Object.keys(CHECKS).join(', ')}`)
    }
    const params = check.params.safeParse(rule.params)
    if (!params.success) throw new BundError('RULES_INVALID', `${file} rule ${rule.id}: params: ${formatIssues(params.error)}`)
  }
  return pack
}

/** Reads and validates one pack file. */
export function loadRulePack(file: string): RulePack {
  let json: unknown
  try {
    json = JSON.parse(readFileSync(file, 'utf8'))
  } catch (e) {
    throw new BundError('RULES_INVALID', `${file}: cannot read a JSON rule pack (${(e as Error).message})`)
  }
  return parseRulePack(json, basename(file))
}

/** The built-in packs, then any extra pack files, all validated; pack ids must be unique. */
export function loadRulePacks(extraFiles: readonly string[] = []): RulePack[] {
  const builtin = readdirSync(BUILTIN_RULES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(BUILTIN_RULES_DIR, f))
  const packs = [...builtin, ...extraFiles].map(loadRulePack)
  const ids = new Set<string>()
  for (const p of packs) {
    if (ids.has(p.id)) throw new BundError('RULES_INVALID', `rule pack ${p.id} is loaded twice`)
    ids.add(p.id)
  }
  return packs
}
