/**
 * The showcase as a regulator and the public meet it, in Chromium against `bund serve --builtin`:
 * every public page in English and Chinese with the same structure, the public pages naming exactly
 * what the public API names, axe-core's check, visible keyboard focus, the printed report and its
 * PDF, the language switch, and hostile scenario text kept inert. Screenshots: test-results/e2e/.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { type Store, openStore } from '@bund/core'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HOSTILE_ID, addHostilePublication } from '../helpers/hostile-showcase.js'
import { screenshot } from './browser.js'
import type { Served } from './serve.js'
import { type Showcase, startShowcase } from './showcase-server.js'

const LAPTOP = { width: 1366, height: 900 }
const LANGS = ['en', 'zh-CN'] as const
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

// What runs in the page is typed loosely (the test project has no DOM lib).
/* eslint-disable @typescript-eslint/no-explicit-any */

/** Every item of a paginated API listing. */
async function listAll(base: string, path: string): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = []
  for (let offset = 0; offset < 10_000; ) {
    const res = await fetch(`${base}${path}?offset=${offset}&limit=100`)
    expect(res.status, path).toBe(200)
    const page = (await res.json()) as { items: Array<Record<string, unknown>>; total: number }
    items.push(...page.items)
    offset += page.items.length
    if (page.items.length === 0 || offset >= page.total) break
  }
  return items
}

/** Same-site links of an HTML page, without the language switch's query. */
function linksOf(html: string): string[] {
  return [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&')).filter((h) => h.startsWith('/') && !h.startsWith('//') && !h.startsWith('/assets/') && !h.startsWith('/api/'))
}

/** axe-core's serious and critical violations on the page as it is now. */
async function axeProblems(page: Page, where: string): Promise<string[]> {
  await page.evaluate(AXE)
  const result = (await page.evaluate(() => (globalThis as any).axe.run((globalThis as any).document, { resultTypes: ['violations'] }))) as {
    violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: string[] }> }>
  }
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${where}: ${v.id} (${v.impact}) at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`)
}

describe('showcase for a regulator, in Chromium', () => {
  let served: Served
  let browser: Browser
  let token: string
  let hostilePublication: string

  let showcase: Showcase | undefined

  beforeAll(async () => {
    showcase = await startShowcase('bund-showcase-', async (dir) => {
      const store: Store = await openStore(dir)
      try {
        hostilePublication = (await addHostilePublication(store)).id
      } finally {
        await store.close()
      }
    })
    ;({ served, browser, token } = showcase)
  }, 240_000)

  afterAll(async () => {
    await showcase?.stop()
  })

  async function open(path: string, options: { locale?: string } = {}): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport: LAPTOP, ...(options.locale ? { locale: options.locale } : {}) })
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('dialog', (d) => {
      errors.push(`dialog: ${d.message()}`)
      void d.dismiss()
    })
    const res = await page.goto(served.url + path)
    expect(res?.status(), path).toBeLessThan(500)
    return { context, page, errors }
  }

  /** A publication id of a built-in scenario, from the public API. */
  async function publicationOf(scenario: string): Promise<string> {
    const all = await listAll(served.url, '/api/v1/publications')
    const p = all.find((x) => x.scenario === scenario)
    expect(p, scenario).toBeDefined()
    return p!.id as string
  }

  it('the public pages and the public API name the same scenarios and publications', async () => {
    const apiScenarios = new Set((await listAll(served.url, '/api/v1/scenarios')).map((s) => s.id as string))
    const apiPublications = new Set((await listAll(served.url, '/api/v1/publications')).map((p) => p.id as string))
    expect(apiScenarios.size).toBeGreaterThan(0)
    expect(apiScenarios.has('fixture/unfair-credit')).toBe(false)
    // Walk every public page reachable from the overview (pagination links included).
    const seen = new Set<string>()
    const queue = ['/']
    const pageScenarios = new Set<string>()
    const pagePublications = new Set<string>()
    while (queue.length > 0 && seen.size < 500) {
      const path = queue.shift()!
      if (seen.has(path)) continue
      seen.add(path)
      const res = await fetch(served.url + path)
      expect(res.status, path).toBe(200)
      const html = await res.text()
      for (const link of linksOf(html)) {
        const url = new URL(link, served.url)
        url.searchParams.delete('lang')
        const target = url.pathname + url.search
        const scenario = /^\/scenarios\/([^/]+)\/([^/?]+)$/.exec(url.pathname)
        const publication = /^\/publications\/([^/?]+)$/.exec(url.pathname)
        if (scenario) pageScenarios.add(`${decodeURIComponent(scenario[1]!)}/${decodeURIComponent(scenario[2]!)}`)
        if (publication) pagePublications.add(decodeURIComponent(publication[1]!))
        if ((scenario || publication || url.pathname === '/') && !seen.has(target)) queue.push(target)
      }
    }
    expect([...pageScenarios].sort()).toEqual([...apiScenarios].sort())
    expect([...pagePublications].sort()).toEqual([...apiPublications].sort())
    // Each scenario page lists exactly the publications the API lists for it.
    for (const id of apiScenarios) {
      const html = await (await fetch(`${served.url}/scenarios/${id}`)).text()
      const onPage = new Set(linksOf(html).flatMap((l) => /^\/publications\/([^/?]+)/.exec(l)?.[1] ?? []))
      const api = new Set((await listAll(served.url, '/api/v1/publications')).filter((p) => p.scenario === id).map((p) => p.id as string))
      expect([...onPage].sort(), id).toEqual([...api].sort())
    }
    // What never published is not served, by the pages as by the API.
    expect((await fetch(`${served.url}/scenarios/fixture/unfair-credit`)).status).toBe(404)
    expect((await fetch(`${served.url}/api/v1/scenarios/fixture/unfair-credit`)).status).toBe(404)
  })

  it('every public page reads in English and Chinese with the same structure', async () => {
    const pages = ['/', '/scenarios/bund/credit-scoring', `/publications/${await publicationOf('bund/credit-scoring')}`, `/publications/${await publicationOf('bund/aml-monitoring')}`, '/login', '/scenarios/no/such']
    for (const path of pages) {
      const structure: Record<string, unknown> = {}
      for (const lang of LANGS) {
        const { context, page, errors } = await open(`${path}?lang=${lang}`)
        await expect(page.locator('html').getAttribute('lang')).resolves.toBe(lang)
        structure[lang] = await page.evaluate(() => {
          const doc = (globalThis as any).document
          const all = (s: string) => Array.from(doc.querySelectorAll(s)) as any[]
          return {
            h1: all('h1').length,
            h2: all('h2').length,
            sections: all('main section').map((s) => s.id || s.getAttribute('aria-labelledby')),
            tables: all('main table').length,
            rows: all('main tr').length,
            rules: all('tr[data-rule]').map((r) => r.getAttribute('data-rule')),
            charts: all('figure.chart').map((f) => f.id),
            links: all('main a').length,
          }
        })
        const main = (await page.locator('main').innerText()).replace(/\s+/g, ' ')
        if (lang === 'zh-CN') {
          // The page's own words are Chinese: headings and badges carry CJK characters.
          for (const heading of await page.locator('h1, h2, .badge, th[scope=col]').allInnerTexts()) if (!/^[\w.@/\- ]+$/.test(heading) && heading.trim() !== '') expect(heading, `${path} ${heading}`).toMatch(/[\u4e00-\u9fff]|^[A-Z0-9][\w .:-]*$|sha256|^n$/)
          expect(main).not.toMatch(/Compliance report|Rule packs that applied|Latest publications|Provenance|Model card/)
        }
        expect(errors, `${path} ${lang}`).toEqual([])
        await screenshot(page, `showcase-${(path.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'overview').slice(0, 60)}-${lang}`)
        await context.close()
      }
      expect(structure['zh-CN'], path).toEqual(structure.en)
    }
  }, 180_000)

  it('a publication page has everything a regulator signs off, in both languages', async () => {
    const id = await publicationOf('bund/ai-risk-model')
    for (const lang of LANGS) {
      const { context, page } = await open(`/publications/${id}?lang=${lang}`)
      for (const section of ['report', 'packs', 'model-card', 'params', 'datasets', 'aggregates', 'charts', 'log', 'provenance']) await expect(page.locator(`section#${section}`).count(), section).resolves.toBe(1)
      // Only packs with a rule that applied: no fair-lending or settlement pack on a risk model.
      const packs = await page.locator('table.packs tr[data-pack]').evaluateAll((rows: any[]) => rows.map((r) => r.getAttribute('data-pack')))
      expect(packs).toContain('model-validation')
      expect(packs).not.toContain('fair-lending')
      expect(packs).not.toContain('settlement-integrity')
      await expect(page.locator('#model-card dd').first().innerText()).resolves.toMatch(/model/)
      // Params with the manifest's defaults filled in, not "{}".
      await expect(page.locator('table.params td[data-source="default"]').count()).resolves.toBeGreaterThan(0)
      await expect(page.locator('table.datasets tr[data-dataset] td[data-pii]').count()).resolves.toBeGreaterThan(0)
      await expect(page.locator('#log-truncation').getAttribute('data-truncated')).resolves.toMatch(/^(true|false|unknown)$/)
      await expect(page.locator('#author-signature').innerText()).resolves.not.toBe('')
      // Each verdict says which direction is good.
      const directions = await page.locator('table.verdicts tr[data-rule] .direction').allInnerTexts()
      expect(directions.length).toBeGreaterThan(0)
      expect(directions.every((d) => d.trim() !== '')).toBe(true)
      await context.close()
    }
  })

  it('pages pass axe-core with no serious or critical violations, in both languages', async () => {
    const pages = ['/', '/scenarios/bund/aml-monitoring', `/publications/${await publicationOf('bund/aml-monitoring')}`, `/publications/${await publicationOf('bund/credit-scoring')}`, '/login', '/scenarios/no/such']
    const found: string[] = []
    for (const path of pages) {
      for (const lang of LANGS) {
        const { context, page } = await open(`${path}?lang=${lang}`)
        found.push(...(await axeProblems(page, `${path} ${lang}`)))
        await context.close()
      }
    }
    // Operator pages too: the review desk and a held run with its release form.
    const context = await browser.newContext({ viewport: LAPTOP })
    const page = await context.newPage()
    await page.goto(`${served.url}/login?next=%2Freview`)
    await page.getByLabel('Operator token').fill(token)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL(`${served.url}/review`)
    const heldLink = await page.locator('ul.held h3 a').first().getAttribute('href')
    for (const path of ['/review', heldLink!]) {
      for (const lang of LANGS) {
        await page.goto(`${served.url}${path}?lang=${lang}`)
        found.push(...(await axeProblems(page, `${path} ${lang}`)))
      }
    }
    await context.close()
    expect(found).toEqual([])
  }, 240_000)

  it('keyboard focus is visible on every focusable element it reaches', async () => {
    const { context, page } = await open(`/publications/${await publicationOf('bund/credit-scoring')}`)
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab')
      const focus = await page.evaluate(() => {
        const el = (globalThis as any).document.activeElement
        const style = (globalThis as any).getComputedStyle(el)
        return { tag: el.tagName, outline: style.outlineStyle, width: parseFloat(style.outlineWidth) }
      })
      if (focus.tag === 'BODY') continue
      expect(focus.outline, `${i} ${focus.tag}`).not.toBe('none')
      expect(focus.width, `${i} ${focus.tag}`).toBeGreaterThanOrEqual(2)
    }
    await context.close()
  })

  it('prints as a report: static SVG charts on A4 pages, and a PDF from headless Chromium', async () => {
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs')
    const id = await publicationOf('bund/aml-monitoring')
    for (const lang of LANGS) {
      const { context, page } = await open(`/publications/${id}?lang=${lang}`)
      await page.emulateMedia({ media: 'print' })
      // In print the canvases give way to the SVG drawn on the server, with the same title.
      const figures = page.locator('figure.chart')
      expect(await figures.count()).toBeGreaterThan(0)
      await expect(figures.first().locator('.chart-static svg').isVisible()).resolves.toBe(true)
      await expect(figures.first().locator('canvas').isVisible()).resolves.toBe(false)
      await expect(figures.first().locator('.chart-static svg rect').count()).resolves.toBeGreaterThan(3)
      await page.emulateMedia({ media: 'screen' })
      const link = page.locator('#download-pdf')
      await expect(link.isVisible()).resolves.toBe(true)
      const href = await link.getAttribute('href')
      const res = await context.request.get(served.url + href!)
      expect(res.status()).toBe(200)
      expect(res.headers()['content-type']).toBe('application/pdf')
      const pdf = await getDocument({ data: new Uint8Array(await res.body()), isEvalSupported: false }).promise
      // A page per section at least: report, packs, model card, params, datasets, aggregates, charts, log, provenance.
      expect(pdf.numPages).toBeGreaterThanOrEqual(9)
      const first = (await (await pdf.getPage(1)).getTextContent()).items.map((i: any) => i.str ?? '').join('')
      expect(first).toContain('Anti-money-laundering')
      expect(first.replace(/\s+/g, '')).toContain(lang === 'en' ? 'Compliancereport' : '合规报告')
      const last = (await (await pdf.getPage(pdf.numPages)).getTextContent()).items.map((i: any) => i.str ?? '').join('')
      expect(last.replace(/\s+/g, '')).toContain(id)
      await pdf.destroy()
      await context.close()
    }
  }, 120_000)

  it('language: Accept-Language, the switch (remembered), and ?lang= of an unknown language is English', async () => {
    const { context, page } = await open('/', { locale: 'zh-CN' })
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN')
    await page.getByRole('link', { name: 'English' }).click()
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en')
    // Chosen once, kept on the next page despite the browser's Chinese.
    await page.goto(`${served.url}/scenarios/bund/credit-scoring`)
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en')
    await page.goto(`${served.url}/?lang=klingon`)
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en')
    await context.close()
  })

  it('hostile scenario text stays text: no script runs, fields are cut to size', async () => {
    for (const lang of LANGS) {
      for (const path of ['/', `/scenarios/${HOSTILE_ID}`, `/publications/${hostilePublication}`]) {
        const { context, page, errors } = await open(`${path}?lang=${lang}`)
        await expect(page.evaluate(() => (globalThis as any).__pwned)).resolves.toBeUndefined()
        expect(errors).toEqual([])
        if (path !== '/') expect((await page.locator('h1').innerText()).length).toBeLessThan(260)
        await context.close()
      }
    }
  })
})
