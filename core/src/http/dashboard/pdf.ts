/**
 * A publication's report as PDF, printed by headless Chromium when the server has one (BUND_CHROMIUM,
 * else the usual Debian/Ubuntu paths; none found: no "Download PDF" button). The page is written to
 * a private temp dir with its stylesheet inline and no scripts (charts are static SVG), so Chromium
 * opens a local file and fetches nothing; one print at a time, each bounded in time.
 */
import { execFile } from 'node:child_process'
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable']
/** The longest one print may take. */
const PRINT_TIMEOUT_MS = 30_000
/** Prints waiting behind the running one at most; more are told to retry. */
const MAX_WAITING = 4

/** The Chromium to print with, or undefined when the server has none. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const configured = env.BUND_CHROMIUM
  for (const path of configured !== undefined && configured !== '' ? [configured] : CANDIDATES) {
    try {
      accessSync(path, constants.X_OK)
      return path
    } catch {
      // not here
    }
  }
  return undefined
}

export class PdfBusy extends Error {
  override readonly name = 'PdfBusy'
}

/** Prints self-contained HTML pages to PDF, one at a time. */
export class PdfPrinter {
  #queue: Promise<unknown> = Promise.resolve()
  #waiting = 0
  constructor(readonly chromium: string) {}

  print(html: string): Promise<Buffer> {
    if (this.#waiting >= MAX_WAITING) return Promise.reject(new PdfBusy('too many PDFs are being made'))
    this.#waiting++
    const job = this.#queue.then(
      () => this.#printNow(html),
      () => this.#printNow(html),
    )
    this.#queue = job.catch(() => undefined).finally(() => this.#waiting--)
    return job
  }

  #printNow(html: string): Promise<Buffer> {
    const dir = mkdtempSync(join(tmpdir(), 'bund-pdf-'))
    const page = join(dir, 'report.html')
    const out = join(dir, 'report.pdf')
    writeFileSync(page, html, { mode: 0o600 })
    const args = [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-extensions',
      '--no-first-run',
      `--user-data-dir=${join(dir, 'profile')}`,
      '--no-pdf-header-footer',
      `--print-to-pdf=${out}`,
      pathToFileURL(page).href,
    ]
    return new Promise<Buffer>((resolve, reject) => {
      execFile(this.chromium, args, { timeout: PRINT_TIMEOUT_MS, killSignal: 'SIGKILL', maxBuffer: 1024 * 1024 }, (error) => {
        try {
          if (error !== null) return reject(new Error(`Chromium could not print the report: ${error.message.split('\n')[0]}`))
          resolve(readFileSync(out))
        } catch (e) {
          reject(e as Error)
        } finally {
          rmSync(dir, { recursive: true, force: true })
        }
      })
    })
  }
}
