/** Without Chromium on the server there is no "Download PDF": no button, and the route says 404. */
import { type Store, openStore } from '@bund/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDashboard, findChromium } from '../../core/dist/http/dashboard/index.js'
import { tempDir } from '../helpers/cli.js'
import { publish } from '../helpers/store-records.js'

let store: Store
let id: string

beforeAll(async () => {
  store = await openStore(tempDir('bund-nopdf-'))
  id = (await publish(store, 1)).id
})
afterAll(async () => {
  await store?.close()
})

describe('PDF only where the server has Chromium', () => {
  it('finds Chromium from BUND_CHROMIUM only when that file is executable', () => {
    expect(findChromium({ BUND_CHROMIUM: '/nonexistent/chromium' })).toBeUndefined()
    expect(findChromium({ BUND_CHROMIUM: process.execPath })).toBe(process.execPath)
  })

  it('hides the button and answers 404 when there is none', async () => {
    const app = createDashboard({ store, secureCookies: false, pdf: false })
    const page = await app.request(`/publications/${id}`)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('id="provenance"')
    expect(html).not.toContain('download-pdf')
    const pdf = await app.request(`/publications/${id}/report.pdf?lang=zh-CN`)
    expect(pdf.status).toBe(404)
    expect(await pdf.text()).toContain('无法生成 PDF')
  })
})
