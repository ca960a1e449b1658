/**
 * Dashboard page rendering (`npx vitest bench --run --config test/vitest.config.ts test/bench/dashboard.bench.ts`).
 * One credit-scoring run on 100,000 applicants (an output artifact of some megabytes) is published
 * into a temp store; then the pages are requested in-process through hono. The baseline is a
 * static asset served by the same app (the cost of routing and a response), measured in the same
 * run because the machine is shared and noisy; vitest prints each page as a multiple of it. "cold"
 * builds a fresh dashboard each time, so the output artifact is read, parsed and charted again;
 * "warm" hits the cache of charts by output hash.
 */
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { openStore, type Store } from '@bund/core'
import { afterAll, bench, describe } from 'vitest'
import { createDashboard } from '../../core/dist/http/dashboard/index.js'
import { BUND, ROOT, tempDir } from '../helpers/cli.js'

const dir = tempDir('bund-bench-dashboard-')
const report = JSON.parse(
  execFileSync(process.execPath, [BUND, 'run', join(ROOT, 'scenarios', 'credit-scoring'), '--rows', '100000', '--seed', '1', '--json', '--data-dir', dir], { cwd: ROOT, encoding: 'utf8' }),
) as { publicationId?: string; status: string }
if (report.publicationId === undefined) throw new Error(`the bench run was ${report.status}, not published`)
const store: Store = await openStore(dir, { readOnly: true })
const warm = createDashboard({ store })
const page = `/publications/${report.publicationId}`
await warm.request(page)

async function get(app: ReturnType<typeof createDashboard>, path: string): Promise<void> {
  const res = await app.request(path)
  if (res.status !== 200) throw new Error(`${path}: ${res.status}`)
  await res.text()
}

describe('dashboard pages (100,000 decisions)', () => {
  bench('baseline: static asset', () => get(warm, '/assets/dashboard/dashboard.css'))
  bench('overview', () => get(warm, '/'))
  bench('publication, charts cached (warm)', () => get(warm, page))
  bench('publication, output read and charted (cold)', () => get(createDashboard({ store }), page), { iterations: 10, time: 0 })
})

afterAll(() => store.close())
