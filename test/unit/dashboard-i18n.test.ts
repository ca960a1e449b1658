/**
 * The dashboard's languages: every message in both catalogues with the same parameters, every
 * loaded rule and rule pack translated, every check's direction known, and the language chosen
 * from ?lang=, the cookie, then Accept-Language (an unknown ?lang= is English).
 */
import { readFileSync } from 'node:fs'
import { CHECKS, loadRulePacks } from '@bund/core'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { CATALOGUES, CHART_CATALOGUES, CHECK_DIRECTIONS, LOCALES, ruleCatalogue, ruleCatalogueFile, translator } from '../../core/dist/http/dashboard/index.js'
import { localeOf } from '../../core/dist/http/dashboard/i18n/locale.js'

/** A message's text with sample arguments (functions) or as is. */
function sample(message: unknown): string {
  if (typeof message === 'string') return message
  const fn = message as (...args: unknown[]) => string
  return fn(...Array.from({ length: fn.length }, (_, i) => (i % 2 === 0 ? 2 : `v${i}`)))
}

describe('dashboard languages', () => {
  for (const [name, catalogues] of [
    ['page messages', CATALOGUES],
    ['chart messages', CHART_CATALOGUES],
  ] as const) {
    it(`${name}: the same keys and arity in every language, none empty, Chinese really Chinese`, () => {
      const keys = Object.keys(catalogues.en).sort()
      for (const locale of LOCALES) {
        const catalogue = catalogues[locale] as Record<string, unknown>
        expect(Object.keys(catalogue).sort(), locale).toEqual(keys)
        for (const key of keys) {
          const en = (catalogues.en as Record<string, unknown>)[key]
          expect(typeof catalogue[key], `${locale}.${key}`).toBe(typeof en)
          if (typeof en === 'function') expect((catalogue[key] as () => string).length, `${locale}.${key} parameters`).toBeLessThanOrEqual(en.length)
          expect(sample(catalogue[key]).trim(), `${locale}.${key}`).not.toBe('')
        }
      }
      // A key copied over untranslated shows up as the same Latin text in both.
      const latin = keys.filter((k) => /^[\x20-\x7e’–—…×]+$/.test(sample((catalogues['zh-CN'] as Record<string, unknown>)[k])) && sample((catalogues.en as Record<string, unknown>)[k]) === sample((catalogues['zh-CN'] as Record<string, unknown>)[k]))
      expect(latin.filter((k) => !['siteName', 'chartsDrawn'].includes(k) && !/^[A-Z]|VaR|ROC/.test(sample((catalogues.en as Record<string, unknown>)[k])))).toEqual([])
    })
  }

  it('every loaded rule has a Chinese title (and remedy when it has an English one), and every entry names a loaded rule', () => {
    const packs = loadRulePacks()
    const zh = ruleCatalogue('zh-CN')!
    const ids = new Set(packs.flatMap((p) => p.rules.map((r) => r.id)))
    const missing: string[] = []
    for (const pack of packs) {
      if (zh.packs[pack.id] === undefined) missing.push(`pack ${pack.id}`)
      for (const rule of pack.rules) {
        const entry = zh.rules[rule.id]
        if (entry === undefined) missing.push(`${rule.id} title`)
        else if ((rule as { remedy?: string }).remedy !== undefined && entry.remedy === undefined) missing.push(`${rule.id} remedy`)
      }
    }
    expect(missing, `add them to ${ruleCatalogueFile('zh-CN')}`).toEqual([])
    expect(Object.keys(zh.rules).filter((id) => !ids.has(id))).toEqual([])
    // The translator falls back to the pack's own English for a rule it does not know.
    expect(translator('zh-CN').ruleTitle({ rule: 'nowhere/rule', title: 'English title' })).toBe('English title')
    expect(translator('zh-CN').ruleTitle({ rule: 'fair-lending/four-fifths', title: 'x' })).toBe('各受保护属性的批准率均不低于最高组的五分之四')
    expect(JSON.parse(readFileSync(ruleCatalogueFile('zh-CN'), 'utf8')).locale).toBe('zh-CN')
  })

  it('every built-in check says which way its figure is good', () => {
    expect(Object.keys(CHECKS).filter((c) => CHECK_DIRECTIONS[c] === undefined)).toEqual([])
  })

  it('numbers and dates are formatted per locale', () => {
    expect(translator('en').num(1234567.891, 2)).toBe('1,234,567.89')
    expect(translator('zh-CN').date('2026-03-04T05:06:07.000Z')).toMatch(/^2026年3月4日 05:06 UTC$/)
    expect(translator('en').date('2026-03-04T05:06:07.000Z')).toMatch(/^Mar 4, 2026, 5:06\s?AM UTC$/)
    expect(translator('zh-CN').pct(0.5)).toBe('50.0%')
  })

  it('chooses the language from ?lang=, then the cookie, then Accept-Language; an unknown ?lang= is English', async () => {
    const app = new Hono().get('/', (c) => c.text(localeOf(c, true)))
    const ask = async (query: string, headers: Record<string, string> = {}) => {
      const res = await app.request(`/${query}`, { headers })
      return { lang: await res.text(), cookie: res.headers.get('set-cookie') }
    }
    expect((await ask('')).lang).toBe('en')
    expect((await ask('', { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' })).lang).toBe('zh-CN')
    expect((await ask('', { 'accept-language': 'zh-Hans' })).lang).toBe('zh-CN')
    expect((await ask('', { 'accept-language': 'zh-TW' })).lang).toBe('en')
    expect((await ask('', { 'accept-language': 'fr, en;q=0.5' })).lang).toBe('en')
    const chosen = await ask('?lang=zh-CN')
    expect(chosen.lang).toBe('zh-CN')
    expect(chosen.cookie).toMatch(/^bund_lang=zh-CN;/)
    expect((await ask('?lang=klingon', { 'accept-language': 'zh-CN', cookie: 'bund_lang=zh-CN' })).lang).toBe('en')
    expect((await ask('?lang=<script>')).lang).toBe('en')
    expect((await ask('', { cookie: 'bund_lang=zh-CN', 'accept-language': 'en' })).lang).toBe('zh-CN')
    expect((await ask('', { cookie: 'bund_lang=xx', 'accept-language': 'zh' })).lang).toBe('zh-CN')
  })
})
