/**
 * The showcase dashboard in a real browser (Debian's Chromium via playwright-core) against
 * `bund serve --builtin` on 127.0.0.1: what the public sees, what an operator does, and that
 * charts really draw. Screenshots go to test-results/e2e/.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT } from '../helpers/cli.js'
import { accessibilityProblems, fitsWidth, paintedPixels, screenshot } from './browser.js'
import type { Served } from './serve.js'
import { type Showcase, startShowcase } from './showcase-server.js'

const LAPTOP = { width: 1366, height: 900 }
const PHONE = { width: 390, height: 844 }

/** The built-in scenarios, as their built manifests name them. */
function builtins(): Array<{ id: string; title: string }> {
  const root = join(ROOT, 'scenarios')
  return readdirSync(root)
    .map((d) => join(root, d, 'dist', 'manifest.json'))
    .filter((f) => existsSync(f))
    .map((f) => JSON.parse(readFileSync(f, 'utf8')) as { id: string; title: string })
}

describe('showcase dashboard in Chromium', () => {
  let served: Served
  let browser: Browser
  let token: string
  let heldRunId: string
  const scenarios = builtins()

  let showcase: Showcase | undefined

  beforeAll(async () => {
    showcase = await startShowcase('bund-e2e-')
    ;({ served, browser, token, heldRunId } = showcase)
  }, 240_000)

  afterAll(async () => {
    await showcase?.stop()
  })

  async function open(path: string, viewport = LAPTOP): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport })
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text())
    })
    await page.goto(served.url + path)
    return { context, page, errors }
  }

  async function signIn(context: BrowserContext, next = '/review'): Promise<Page> {
    const page = await context.newPage()
    await page.goto(`${served.url}/login?next=${encodeURIComponent(next)}`)
    await page.getByLabel('Operator token').fill(token)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL(`${served.url}${next}`)
    return page
  }

  it('the overview lists the built-in scenarios and their publications, at laptop and phone widths', async () => {
    expect(scenarios.length).toBeGreaterThan(0)
    for (const viewport of [LAPTOP, PHONE]) {
      const { context, page, errors } = await open('/', viewport)
      await expect(page.getByRole('heading', { level: 1, name: 'Showcase' }).isVisible()).resolves.toBe(true)
      const cards = page.locator('ul.cards')
      const latest = page.locator('table.publications')
      for (const s of scenarios) {
        await expect(cards.getByRole('link', { name: s.title }).count()).resolves.toBe(1)
        // Each built-in was published on seed 1 by --builtin and carries a gate badge.
        const row = latest.locator('tr', { hasText: s.id })
        await expect(row.count()).resolves.toBeGreaterThan(0)
        await expect(row.first().locator('.badge').textContent()).resolves.toMatch(/^Passed/)
      }
      await expect(page.locator('#held-count').count()).resolves.toBe(0) // the public sees no held count
      expect(await accessibilityProblems(page)).toEqual([])
      expect(await fitsWidth(page)).toBe(true)
      expect(errors).toEqual([])
      await screenshot(page, `overview-${viewport.width}`)
      await context.close()
    }
  })

  it('a publication page shows every verdict with its figure and a chart that really drew', async () => {
    const credit = scenarios.find((s) => s.id === 'bund/credit-scoring')
    expect(credit, 'the built-in credit-scoring scenario').toBeDefined()
    const { context, page, errors } = await open('/')
    await page.locator('table.publications tr', { hasText: credit!.id }).first().getByRole('link').click()
    await page.waitForURL(/\/publications\/pub_/)
    const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!)
    const api = (await (await fetch(`${served.url}/api/v1/publications/${id}`)).json()) as { verdicts: Array<{ rule: string; figure: number | null; status: string }> }
    const rows = page.locator('table.verdicts tbody tr')
    await expect(rows.count()).resolves.toBe(api.verdicts.length)
    for (const v of api.verdicts) {
      const row = page.locator(`table.verdicts tr[data-rule="${v.rule}"]`)
      await expect(row.locator('.badge').textContent()).resolves.toBe({ pass: 'Pass', warn: 'Warning', fail: 'Fail' }[v.status] ?? v.status)
      if (v.figure !== null) await expect(row.locator('td.num').first().textContent()).resolves.toBe(Number.isInteger(v.figure) ? String(v.figure) : v.figure.toFixed(3))
    }
    // The four-fifths chart (of the attribute with the lowest ratio): drawn by Chart.js (served from
    // this site) on a canvas with its data table beside it.
    const chart = page.locator('figure[id^="chart-approval-"]').first()
    await chart.locator('canvas').scrollIntoViewIfNeeded()
    await expect(chart.getAttribute('data-rendered')).resolves.toBe('true')
    expect(await paintedPixels(page, 'figure[id^="chart-approval-"] canvas')).toBeGreaterThan(2_000)
    await expect(chart.locator('details table tbody tr').count()).resolves.toBeGreaterThanOrEqual(2)
    await expect(page.locator('#signature-status').textContent()).resolves.toMatch(/^Valid/)
    // The one command that works for a reader: verify by URL (never `bund run`, which would publish again).
    await expect(page.locator('pre code').textContent()).resolves.toBe(`npx bund verify ${new URL(page.url()).origin}/api/v1/publications/${id}`)
    await expect(page.locator('#log-status .badge').textContent()).resolves.toBe('Included')
    expect(await accessibilityProblems(page)).toEqual([])
    expect(errors).toEqual([])
    await screenshot(page, 'publication-1366')
    await page.setViewportSize(PHONE)
    // Chart.js resizes its canvases on the next animation frame.
    await expect.poll(() => fitsWidth(page), { timeout: 5_000 }).toBe(true)
    await screenshot(page, 'publication-390')
    await context.close()
  })

  it('every built-in publication draws each chart its kind has', async () => {
    const { items } = (await (await fetch(`${served.url}/api/v1/publications?limit=100`)).json()) as { items: Array<{ id: string; scenario: string }> }
    const { context, page, errors } = await open('/')
    for (const s of scenarios) {
      const publication = items.find((p) => p.scenario === s.id)
      expect(publication, `a publication of ${s.id}`).toBeDefined()
      await page.goto(`${served.url}/publications/${publication!.id}`)
      const figures = page.locator('figure.chart')
      const count = await figures.count()
      expect(count, `charts on the page of ${s.id}`).toBeGreaterThan(0)
      for (let i = 0; i < count; i++) {
        const figure = figures.nth(i)
        const id = await figure.getAttribute('id')
        await expect(figure.getAttribute('data-rendered'), `${s.id} ${id}`).resolves.toBe('true')
        expect(await paintedPixels(page, `figure#${id} canvas`), `${s.id} ${id}`).toBeGreaterThan(1_000)
      }
      await screenshot(page, `publication-${s.id.replace('/', '-')}-1366`)
    }
    expect(errors).toEqual([])
    await context.close()
  })

  it('operator pages ask for the token once; a wrong token or a forged form changes nothing', async () => {
    const { context, page } = await open('/review')
    await expect(page.url()).toBe(`${served.url}/login?next=%2Freview`)
    await page.getByLabel('Operator token').fill('bund_not-a-real-token')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/not a valid operator token/)
    expect(await context.cookies()).toEqual([])

    await signIn(context)
    const [cookie] = await context.cookies()
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict' })
    // A release without the session's CSRF token is refused and the run stays held.
    const forged = await context.request.post(`${served.url}/runs/${heldRunId}/release`, {
      form: { reason: 'forged request without the token', csrf: 'wrong' },
      headers: { origin: served.url },
    })
    expect(forged.status()).toBe(403)
    const run = (await (await fetch(`${served.url}/api/v1/runs/${heldRunId}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { record?: { status: string }; status?: string }
    expect(JSON.stringify(run)).toContain('"held"')
    await context.close()
  })

  it('an operator releases a held run and it appears as published', async () => {
    const context = await browser.newContext({ viewport: LAPTOP })
    const page = await signIn(context, '/')
    const before = Number(await page.locator('#held-count strong').textContent())
    expect(before).toBeGreaterThanOrEqual(1)
    await page.getByRole('link', { name: 'Review held runs' }).click()
    await expect(page.locator('#audit-status').textContent()).resolves.toMatch(/Intact/)
    const card = page.locator(`#held-${heldRunId}`)
    await expect(card.textContent()).resolves.toMatch(/Approval rates across every protected attribute within four fifths/)
    expect(await accessibilityProblems(page)).toEqual([])
    await screenshot(page, 'review-1366')
    await card.getByLabel(/Reason for releasing/).fill('Shown at the showcase as an example of a failing model.')
    await card.getByRole('button', { name: 'Release and publish' }).click()
    await page.waitForURL(/\/publications\/pub_/)
    await expect(page.locator('.gate-line .badge').textContent()).resolves.toBe('Released by operator')
    await expect(page.getByRole('note').textContent()).resolves.toMatch(/Shown at the showcase as an example of a failing model/)
    await expect(page.locator(`tr[data-rule="fair-lending/four-fifths"] .badge`).textContent()).resolves.toBe('Fail')
    await screenshot(page, 'released-publication-1366')
    const released = page.url()

    // The public now sees it among the publications, badged as released.
    const { context: pub, page: publicPage } = await open('/')
    const row = publicPage.locator('table.publications tr', { hasText: 'fixture/unfair-credit' })
    await expect(row.locator('.badge').textContent()).resolves.toBe('Released by operator')
    await expect(row.getByRole('link').getAttribute('href')).resolves.toBe(new URL(released).pathname)
    await pub.close()

    await page.goto(`${served.url}/`)
    await expect(page.locator('#held-count strong').textContent()).resolves.toBe(String(before - 1))
    await context.close()
  })

  it('a queued run shows live progress over server-sent events until its result', async () => {
    const submit = (body: unknown) =>
      fetch(`${served.url}/api/v1/runs`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => {
        expect(r.status, await r.clone().text()).toBe(202)
        return (await r.json()) as { id: string }
      })
    // One worker: the second run waits behind the first, so its page opens while it is queued.
    await submit({ scenario: 'bund/credit-scoring@1.0.0', seed: 11 })
    const second = await submit({ scenario: 'bund/credit-scoring@1.0.0', seed: 12 })
    const context = await browser.newContext({ viewport: LAPTOP })
    const page = await signIn(context, `/runs/${second.id}`)
    const live = page.locator('.live')
    await expect(live.locator('progress').isVisible()).resolves.toBe(true)
    await screenshot(page, 'run-live-1366')
    await page.locator('.live[data-done="true"]').waitFor({ timeout: 90_000 })
    const link = live.getByRole('link', { name: /See the result/ })
    await expect(link.getAttribute('href')).resolves.toBe(`/runs/${second.id}`)
    await link.click()
    await expect(page.locator('.gate-line .badge').textContent()).resolves.toMatch(/Passed|Held|Released/)
    await expect(page.locator('table.verdicts tbody tr').count()).resolves.toBeGreaterThan(0)
    await screenshot(page, 'run-finished-1366')
    await context.close()
  }, 120_000)
})
