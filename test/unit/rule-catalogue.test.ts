/**
 * The SDK README's rule catalogue is generated from the built-in packs: this test fails when the
 * two disagree. UPDATE_RULE_CATALOGUE=1 rewrites the README's section from the packs.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { catalogueMarkdown, loadRulePacks, ruleCatalogue } from '@bund/core'
import { describe, expect, it } from 'vitest'
import { ROOT, bund } from '../helpers/cli.js'

const README = join(ROOT, 'sdk', 'README.md')
const BEGIN = '<!-- rules:begin -->\n'
const END = '<!-- rules:end -->'

describe('the rule catalogue', () => {
  const packs = loadRulePacks()

  it("sdk/README.md's tables are the packs' (regenerate with UPDATE_RULE_CATALOGUE=1)", () => {
    const text = readFileSync(README, 'utf8')
    const a = text.indexOf(BEGIN)
    const b = text.indexOf(END)
    expect(a, 'the README has the catalogue markers').toBeGreaterThan(0)
    const generated = `\n${catalogueMarkdown(packs)}`
    if (process.env['UPDATE_RULE_CATALOGUE'] === '1') writeFileSync(README, text.slice(0, a + BEGIN.length) + generated + text.slice(b))
    expect(readFileSync(README, 'utf8').slice(a + BEGIN.length, readFileSync(README, 'utf8').indexOf(END))).toBe(generated)
  })

  it('lists every rule once, with its threshold, severity, citation and remedy', () => {
    const all = ruleCatalogue(packs)
    expect(all.map((e) => e.rule)).toEqual(packs.flatMap((p) => p.rules.map((r) => r.id)))
    const cap = all.find((e) => e.rule === 'fair-lending/apr-cap')!
    expect(cap).toMatchObject({ kind: 'credit-decisions', severity: 'block', threshold: 'lpr1y 0.03, multiple 4' })
    expect(catalogueMarkdown(packs)).toContain('| `fair-lending/apr-cap` — APR at most four times the one-year LPR | blocking | lpr1y 0.03, multiple 4 |')
  })

  it('bund rules --kind market-risk --json: the market rules and the rules for every kind, nothing else', async () => {
    const r = await bund(['rules', '--kind', 'market-risk', '--json'])
    expect(r.code, r.stderr).toBe(0)
    const items = (JSON.parse(r.stdout) as { items: Array<{ rule: string; kind: string | null }> }).items
    expect(items.every((i) => i.kind === 'market-risk' || i.kind === null)).toBe(true)
    expect(items.map((i) => i.rule)).toEqual(expect.arrayContaining(['market-risk/forecasts', 'market-risk/var-backtest', 'market-risk/es-backtest', 'operational/resource-budget']))
    const bad = await bund(['rules', '--kind', 'insurance'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/^bund: USAGE: --kind must be one of/)
  })
})
