/**
 * A scenario's versions side by side on one seed: the scenario page links the seeds two versions
 * or more were published on; the comparison shows each version's newest publication on that seed
 * with every rule's result, figure and sentence (in the reader's language), hides versions the
 * public may not see, and reads the store per version, a bounded page each.
 */
import { type Manifest, type Publication, type RunRecord, type Store, type Verdict, canonicalJson, openStore, publicationId, say } from '@bund/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDashboard } from '../../core/dist/http/dashboard/index.js'
import { tempDir } from '../helpers/cli.js'

const ID = 'acme/compare'
let store: Store
let app: ReturnType<typeof createDashboard>
const listCalls: Array<Record<string, unknown> | undefined> = []
let clock = Date.parse('2026-01-01T00:00:00Z')

function fourFifths(ratio: number): Verdict {
  const said = ratio >= 0.8 ? say('fourFifthsPass', { attribute: 'region', ratio, threshold: 0.8 }) : say('fourFifthsFail', { attribute: 'region', ratio, threshold: 0.8, lowGroup: 'rural', lowRate: 0.4, highGroup: 'urban', highRate: 0.6 })
  return { rule: 'fair-lending/four-fifths', title: 'Four-fifths', check: 'four-fifths', citation: 'c', severity: 'block', status: ratio >= 0.8 ? 'pass' : 'fail', figure: ratio, threshold: 0.8, ...said }
}

async function register(version: string): Promise<string> {
  const bundle = `// ${ID}@${version}`
  const bundleSha256 = store.artifacts.put(bundle)
  const manifest = { manifestVersion: 1, id: ID, version, title: 'Compare me', description: 'd', author: 'acme', category: 'credit', datasets: {}, result: 'credit-decisions', sdk: '*', bundle: { file: 'bundle.js', sha256: bundleSha256 } } as unknown as Manifest
  await store.putScenario({ id: ID, version, title: 'Compare me', author: 'acme', category: 'credit', result: 'credit-decisions', bundleSha256, manifest, registeredAt: new Date(clock).toISOString() }, 'test')
  return bundleSha256
}

async function publish(version: string, bundleSha256: string, seed: number, verdicts: Verdict[]): Promise<Publication> {
  const at = new Date((clock += 60_000)).toISOString()
  const outputHash = store.artifacts.put(canonicalJson({ kind: 'credit-decisions', at }))
  const run: RunRecord = {
    id: `run_${version}_${seed}_${clock}`,
    scenario: ID,
    version,
    bundleSha256,
    seed,
    rows: null,
    params: {},
    status: 'published',
    startedAt: at,
    finishedAt: at,
    outputHash,
    verdicts,
    resources: { wallMs: 1, cpuMs: 1, heapPeakBytes: 1 },
    rulePacks: { 'fair-lending': '1.0.0' },
    logs: [],
    runtimeVersion: '0.1.0',
  }
  const { id: _id, status: _s, startedAt: _a, finishedAt, logs: _l, runtimeVersion, ...rest } = run
  const body = { ...rest, runId: run.id, outputHash, runtimeVersion: runtimeVersion as string, publishedAt: finishedAt }
  return (await store.recordRun(run, { id: publicationId(body), ...body })) as Publication
}

let newest: Publication
beforeAll(async () => {
  store = await openStore(tempDir('bund-compare-'))
  const v1 = await register('1.0.0')
  const v11 = await register('1.1.0')
  await register('2.0.0') // registered, never published: the public must not see it
  await publish('1.0.0', v1, 7, [fourFifths(0.7)])
  await publish('1.1.0', v11, 7, [fourFifths(0.9)])
  await publish('1.1.0', v11, 9, [fourFifths(0.81)])
  await publish('1.0.0', v1, 9, [fourFifths(0.75)])
  newest = await publish('1.1.0', v11, 9, [fourFifths(0.86)])
  await publish('1.0.0', v1, 3, [fourFifths(0.95)])
  // Count the listings the pages ask for.
  const counted = new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver)
      if (key !== 'listPublications' || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value
      return (options?: Record<string, unknown>) => {
        listCalls.push(options)
        return value.call(target, options)
      }
    },
  })
  app = createDashboard({ store: counted, secureCookies: false, pdf: false })
})
afterAll(async () => {
  await store?.close()
})

describe('versions side by side on one seed', () => {
  it('the scenario page links each seed two versions were published on', async () => {
    const html = await (await app.request(`/scenarios/${ID}`)).text()
    expect(html).toContain(`href="/scenarios/${ID}/compare?seed=7"`)
    expect(html).toContain(`href="/scenarios/${ID}/compare?seed=9"`)
    expect(html).not.toContain('compare?seed=3')
  })

  it('shows each version’s newest publication on the seed, every rule’s result and figure, newest version first', async () => {
    listCalls.length = 0
    const res = await app.request(`/scenarios/${ID}/compare?seed=9`)
    expect(res.status).toBe(200)
    const html = await res.text()
    const head = /<thead>([\s\S]*?)<\/thead>/.exec(html)![1]!
    expect([...head.matchAll(/data-version="([^"]+)"/g)].map((m) => m[1])).toEqual(['1.1.0', '1.0.0'])
    // The newest of 1.1.0's two publications on seed 9.
    expect(head).toContain(`/publications/${newest.id}`)
    const row = /<tr data-rule="fair-lending\/four-fifths">([\s\S]*?)<\/tr>/.exec(html)![1]!
    const cells = [...row.matchAll(/<td data-status="(\w+)">([\s\S]*?)<\/td>/g)].map((m) => [m[1], m[2]!.replace(/<[^>]+>/g, '')])
    expect(cells.map((c) => c[0])).toEqual(['pass', 'fail'])
    expect(cells[0]![1]).toContain('0.860')
    expect(cells[1]![1]).toContain('0.750')
    expect(cells[1]![1]).toContain('approval-rate ratio 0.750 &lt; 0.8 for region group rural')
    expect(html).toContain(`href="/scenarios/${ID}/compare?seed=7"`)
    // One bounded page per version, never the whole listing.
    expect(listCalls.length).toBeGreaterThan(0)
    for (const call of listCalls) {
      expect(call?.['scenario']).toBe(ID)
      expect(typeof call?.['version']).toBe('string')
      expect(call?.['limit']).toBeLessThanOrEqual(200)
    }
  })

  it('words the verdicts in Chinese for a Chinese reader', async () => {
    const html = await (await app.request(`/scenarios/${ID}/compare?seed=7&lang=zh-CN`)).text()
    expect(html).toContain('<html lang="zh-CN"')
    expect(html).toContain('region 组 rural 的批准率之比为 0.700 &lt; 0.8')
    expect(html).toContain('各 region 组的批准率之比为 0.900（≥ 0.8）')
  })

  it('says so when fewer than two versions were published on the seed, and refuses a seed that is no number', async () => {
    const html = await (await app.request(`/scenarios/${ID}/compare?seed=3`)).text()
    expect(html).toContain('Fewer than two versions of this scenario are published on this seed.')
    expect((await app.request(`/scenarios/${ID}/compare?seed=x`)).status).toBe(400)
    expect((await app.request(`/scenarios/${ID}/compare`)).status).toBe(400)
    expect((await app.request('/scenarios/no/such/compare?seed=7')).status).toBe(404)
  })
})
