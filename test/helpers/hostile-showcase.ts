/**
 * A published scenario whose every self-described text is markup and a megabyte long: title,
 * description, parameter names and defaults, model card, aggregate names, log lines. Stored as a
 * record from an older or careless writer would be (the manifest schema would refuse most of it at
 * upload), so the pages' own escaping and caps are what is tested.
 */
import { type Manifest, type Publication, type RunRecord, type Store, canonicalJson, publicationId, sha256 } from '@bund/core'

export const MB = 1 << 20
/** Text that runs script if a page ever writes it unescaped. */
export const MARKUP = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1"><b>bold</b>'
const big = (label: string) => `${MARKUP}${label}${'x'.repeat(MB)}`

export const HOSTILE_ID = 'evil/markup'

export async function addHostilePublication(store: Store): Promise<Publication> {
  const bundle = `// hostile showcase ${Date.now()}`
  const bundleSha256 = store.artifacts.put(bundle)
  const manifest = {
    manifestVersion: 1,
    id: HOSTILE_ID,
    version: '1.0.0',
    title: big('title'),
    description: big('description'),
    author: 'evil',
    category: 'risk',
    datasets: { applicants: { kind: 'credit-applicants', rows: 100, trainingRows: 50 } },
    result: 'risk-scores',
    paramsSchema: { type: 'object', properties: { [`${MARKUP}param`]: { default: big('default'), description: big('param description') } } },
    sdk: '*',
    bundle: { file: 'bundle.js', sha256: bundleSha256 },
  } as unknown as Manifest
  await store.putScenario({ id: HOSTILE_ID, version: '1.0.0', title: manifest.title, author: 'evil', category: 'risk', result: 'risk-scores', bundleSha256, manifest, registeredAt: new Date().toISOString() }, 'test')
  const output = {
    kind: 'risk-scores',
    model: { name: big('model name'), method: big('method'), features: [big('feature'), `${MARKUP}feature2`], intendedUse: big('intended use'), limitations: big('limitations') },
    aggregates: [{ name: big('aggregate'), groupBy: [`${MARKUP}group`], cells: [{ group: [big('cell')], count: 12, values: { [`${MARKUP}value`]: 0.5 }, reported: { [big('reported')]: 0.7 } }] }],
  }
  const outputHash = store.artifacts.put(canonicalJson(output))
  const at = new Date().toISOString()
  const run: RunRecord = {
    id: `run_hostile_${sha256(at).slice(0, 12)}`,
    scenario: HOSTILE_ID,
    version: '1.0.0',
    bundleSha256,
    seed: 5,
    rows: null,
    params: { [`${MARKUP}given`]: big('given') },
    status: 'published',
    startedAt: at,
    finishedAt: at,
    outputHash,
    verdicts: [{ rule: 'operational/output-schema', title: 'Output matches its result kind', check: 'output-schema', citation: 'c', severity: 'block', status: 'pass', figure: 0, threshold: 0, message: big('message') }],
    resources: { wallMs: 1, cpuMs: 1, heapPeakBytes: 1 },
    rulePacks: { operational: '1.0.0' },
    logs: [{ level: 'info', message: big('log') }],
    runtimeVersion: '0.1.0',
  }
  const { id: _id, status: _s, startedAt: _a, finishedAt, logs: _l, runtimeVersion, ...rest } = run
  const body = { ...rest, runId: run.id, outputHash, runtimeVersion: runtimeVersion as string, publishedAt: finishedAt }
  return (await store.recordRun(run, { id: publicationId(body), ...body })) as Publication
}
