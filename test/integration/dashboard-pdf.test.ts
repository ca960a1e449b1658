/**
 * PDFs of publications: without Chromium on the server no button and a 404; with it, a PDF per
 * origin, so a forged Host header never changes the PDF other readers get.
 */
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

describe.skipIf(findChromium() === undefined)('PDF with Chromium', () => {
  it('keeps a PDF per origin: a forged Host does not reach another origin\'s PDF', async () => {
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs')
    const app = createDashboard({ store, secureCookies: false })
    const textOf = async (host: string) => {
      const res = await app.request(`http://${host}/publications/${id}/report.pdf`)
      expect(res.status).toBe(200)
      const pdf = await getDocument({ data: new Uint8Array(await res.arrayBuffer()), isEvalSupported: false }).promise
      let text = ''
      for (let i = 1; i <= pdf.numPages; i++) text += (await (await pdf.getPage(i)).getTextContent()).items.map((x) => ('str' in x ? x.str : '')).join('')
      await pdf.destroy()
      return text.replace(/\s+/g, '')
    }
    expect(await textOf('evil.example')).toContain('evil.example')
    const honest = await textOf('showcase.example')
    expect(honest).toContain('showcase.example')
    expect(honest).not.toContain('evil.example')
  }, 120_000)
})
