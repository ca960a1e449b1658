/**
 * Debian's Chromium driven by playwright-core. No tool downloads a browser: the path is
 * /usr/bin/chromium (`apt-get install -y chromium`; .ci/run installs it), or BUND_CHROMIUM.
 */
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { type Browser, type Page, chromium } from 'playwright-core'
import { ROOT } from '../helpers/cli.js'

export const CHROMIUM = process.env.BUND_CHROMIUM ?? '/usr/bin/chromium'
export const SCREENSHOTS = join(ROOT, 'test-results', 'e2e')

export function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: install Debian's package with apt-get install -y chromium (or set BUND_CHROMIUM)`)
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] })
}

/** Saves a full-page screenshot under test-results/e2e/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true })
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true })
}

// The test project compiles without the DOM lib (it is Node code); what runs in the page is typed loosely.
/* eslint-disable @typescript-eslint/no-explicit-any */

/** Non-transparent pixels on a canvas: more than a few hundred means something was drawn. */
export function paintedPixels(page: Page, selector: string): Promise<number> {
  return page.$eval(selector, (canvas: any) => {
    const data: ArrayLike<number> = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data
    let painted = 0
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++
    return painted
  })
}

/** Accessibility basics a page must meet: one h1, a lang, every control labelled, every chart named. */
export function accessibilityProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const doc = (globalThis as any).document
    const all = (selector: string): any[] => Array.from(doc.querySelectorAll(selector))
    const problems: string[] = []
    if (all('h1').length !== 1) problems.push(`${all('h1').length} h1 elements`)
    if (!doc.documentElement.lang) problems.push('no lang on <html>')
    for (const el of all('input:not([type=hidden]), textarea, select')) {
      if ((el.labels?.length ?? 0) === 0 && !el.getAttribute('aria-label')) problems.push(`unlabelled ${el.tagName.toLowerCase()} ${el.name}`)
    }
    for (const canvas of all('canvas')) if (!canvas.getAttribute('aria-label')) problems.push('a chart without an accessible name')
    for (const button of all('button')) if (!button.textContent?.trim()) problems.push('a button without text')
    return problems
  })
}

/** True when the page is no wider than the viewport (tables scroll inside their own box). */
export function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const w = globalThis as any
    return w.document.documentElement.scrollWidth <= w.innerWidth + 1
  })
}
