/**
 * What both browser suites start from: a data dir with an operator token and one held run (the
 * unfair-credit fixture fails the four-fifths rule at seed 3, so it is held and never public),
 * `bund serve --builtin` on it, and Chromium. `prepare` may add to the data dir before the server
 * takes it (the server locks it).
 */
import type { Browser } from 'playwright-core'
import { expect } from 'vitest'
import { bund, fixture, tempDir } from '../helpers/cli.js'
import { launch } from './browser.js'
import { type Served, serve } from './serve.js'

export interface Showcase {
  dir: string
  served: Served
  browser: Browser
  /** The operator token. */
  token: string
  /** The held run's id. */
  heldRunId: string
  stop(): Promise<void>
}

export async function startShowcase(prefix: string, prepare?: (dir: string) => Promise<void>): Promise<Showcase> {
  const dir = tempDir(prefix)
  const issued = await bund(['token', 'create', '--role', 'operator', '--json', '--data-dir', dir])
  expect(issued.code, issued.stderr).toBe(0)
  const token = (JSON.parse(issued.stdout) as { token: string }).token
  const held = await bund(['run', fixture('unfair-credit'), '--seed', '3', '--json', '--data-dir', dir])
  expect(held.code, held.stderr).toBe(1)
  const heldRunId = (JSON.parse(held.stdout) as { runId: string }).runId
  await prepare?.(dir)
  const served = await serve(['--builtin', '--concurrency', '1', '--data-dir', dir])
  const browser = await launch()
  return {
    dir,
    served,
    browser,
    token,
    heldRunId,
    stop: async () => {
      await browser.close()
      await served.stop()
    },
  }
}
