/**
 * Scenario-provided text on every dashboard page is escaped and cut to size, in both languages:
 * markup never becomes elements, and megabyte strings never make megabyte pages.
 */
import { type Store, openStore } from '@bund/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDashboard } from '../../core/dist/http/dashboard/index.js'
import { tempDir } from '../helpers/cli.js'
import { HOSTILE_ID, MB, addHostilePublication } from '../helpers/hostile-showcase.js'

let store: Store
let app: ReturnType<typeof createDashboard>
let publicationId: string

beforeAll(async () => {
  store = await openStore(tempDir('bund-escape-'))
  publicationId = (await addHostilePublication(store)).id
  app = createDashboard({ store, secureCookies: false, pdf: false })
})
afterAll(async () => {
  await store?.close()
})

describe('dashboard escaping and caps', () => {
  for (const lang of ['en', 'zh-CN']) {
    it(`overview, scenario and publication pages (${lang}) escape markup and stay small`, async () => {
      for (const path of ['/', `/scenarios/${HOSTILE_ID}`, `/publications/${publicationId}`]) {
        const res = await app.request(`${path}?lang=${lang}`)
        expect(res.status, path).toBe(200)
        const html = await res.text()
        expect(html, path).toContain(`<html lang="${lang}"`)
        // The hostile markup appears only escaped: no element from the scenario, no handler.
        expect(html, path).not.toContain('<script>window.__pwned')
        expect(html, path).not.toContain('<img src=x')
        expect(html, path).not.toContain('<b>bold</b>')
        expect(html, path).toContain('&lt;script&gt;window.__pwned=1&lt;/script&gt;')
        // Megabyte fields are cut: the page is a small fraction of one of them.
        expect(html.length, path).toBeLessThan(MB / 4)
      }
    })
  }

  it('cuts each field to its cap with an ellipsis', async () => {
    const html = await (await app.request(`/publications/${publicationId}`)).text()
    const title = /<h1>([^<]*)/.exec(html)![1]!.trim()
    expect(title.endsWith('…')).toBe(true)
    expect(title.replace(/&[a-z]+;|&#\d+;/g, '.').length).toBeLessThanOrEqual(201 + 1)
  })

  it("labels a cell's reported figures as the scenario's word, apart from the values Bund recomputes", async () => {
    const html = await (await app.request(`/publications/${publicationId}`)).text()
    expect(html).toMatch(/<th scope="col" class="num reported" title="Reported by the scenario, not recomputed by Bund">/)
    expect(html).toContain(': reported by the scenario, not recomputed by Bund. The host cannot check such a figure')
    const zh = await (await app.request(`/publications/${publicationId}?lang=zh-CN`)).text()
    expect(zh).toContain('由场景自行报告，未经 Bund 重新计算')
  })
})
