/** A publication: its compliance report, the charts its kind allows, and its provenance. */
import { checkSignature } from '../../../store/signing.js'
import type { Publication } from '../../../store/records.js'
import type { Store } from '../../../store/store.js'
import type { ChartSpec } from '../charts/index.js'
import { Chart, Facts, GateBadge, Hash, VerdictTable, When, gateOfPublication, rerunCommand, scenarioHref } from '../components.js'
import { Layout, type Viewer } from '../layout.js'

export function PublicationPage(props: { store: Store; viewer: Viewer; publication: Publication; charts: ChartSpec[]; chartProblem?: string | undefined }) {
  const { store, viewer, publication: p, charts } = props
  const scenario = store.getScenario(p.scenario, p.version)
  const title = scenario?.title ?? p.scenario
  const signature = signatureStatus(store, p)
  const counts: Record<string, number> = { pass: 0, warn: 0, fail: 0 }
  for (const v of p.verdicts) counts[v.status] = (counts[v.status] ?? 0) + 1
  return (
    <Layout title={`${title}, seed ${p.seed}`} viewer={viewer} scripts={charts.length > 0}>
      <nav aria-label="Breadcrumb" class="crumbs">
        <a href="/">Overview</a> › <a href={scenarioHref(p.scenario)}>{title}</a> › <span aria-current="page">seed {p.seed}</span>
      </nav>
      <h1>
        {title} <span class="subtitle">v{p.version}, seed {p.seed}</span>
      </h1>
      <p class="gate-line">
        <GateBadge gate={gateOfPublication(p)} />
        <span>
          Published <When iso={p.publishedAt} />. {counts.pass} of {p.verdicts.length} check{p.verdicts.length === 1 ? '' : 's'} passed
          {counts.warn! > 0 ? `, ${counts.warn} with a warning` : ''}
          {counts.fail! > 0 ? `, ${counts.fail} failed` : ''}.
        </span>
      </p>
      {p.withdrawn !== undefined ? (
        <p class="callout callout-bad" role="note">
          <strong>Withdrawn</strong> <When iso={p.withdrawn.at} /> by {p.withdrawn.by}: {p.withdrawn.reason}
        </p>
      ) : null}
      {p.releasedBy !== undefined ? (
        <p class="callout callout-warn" role="note">
          <strong>Released from hold</strong> by {p.releasedBy.by}, although a blocking check failed. Reason given: {p.releasedBy.reason}
        </p>
      ) : null}

      <section aria-labelledby="report-heading">
        <h2 id="report-heading">Compliance report</h2>
        <VerdictTable verdicts={p.verdicts} caption={`Every check applied to this result, by the rule packs ${Object.entries(p.rulePacks).map(([id, v]) => `${id} ${v}`).join(', ')}`} />
      </section>

      <section aria-labelledby="charts-heading">
        <h2 id="charts-heading">Charts</h2>
        {props.chartProblem !== undefined ? <p class="callout callout-bad">The output could not be read for charts: {props.chartProblem}</p> : null}
        {charts.length === 0 && props.chartProblem === undefined ? <p>This result kind has no charts yet.</p> : null}
        <div class="charts">
          {charts.map((spec) => (
            <Chart spec={spec} />
          ))}
        </div>
      </section>

      <section aria-labelledby="provenance-heading">
        <h2 id="provenance-heading">Provenance</h2>
        <Facts
          label="Provenance"
          items={[
            ['Publication', <code>{p.id}</code>],
            ['Scenario', <a href={scenarioHref(p.scenario)}>{`${p.scenario}@${p.version}`}</a>],
            ['Seed', String(p.seed)],
            ['Rows', p.rows === null ? 'as the manifest asks' : String(p.rows)],
            ['Params', <code>{JSON.stringify(p.params ?? {})}</code>],
            ['Bundle sha256', <Hash value={p.bundleSha256} />],
            ['Output sha256', <Hash value={p.outputHash} />],
            ['Rule packs', Object.entries(p.rulePacks).map(([id, v]) => `${id} ${v}`).join(', ') || 'none'],
            ['Runtime', p.runtimeVersion],
            ['Resources', `${Math.round(p.resources.wallMs)} ms wall, ${Math.round(p.resources.cpuMs)} ms CPU, ${(p.resources.heapPeakBytes / 1e6).toFixed(1)} MB heap peak`],
            [
              'Signature',
              <span id="signature-status">
                <span class={`badge ${signature.ok ? 'status-pass' : 'status-fail'}`}>{signature.ok ? 'Valid' : 'Not valid'}</span> {signature.reason}
              </span>,
            ],
            ['Signing key', <Hash value={p.keyId ?? ''} />],
          ]}
        />
        <h3 id="rerun-heading">Re-run it yourself</h3>
        <pre aria-labelledby="rerun-heading">
          <code>{rerunCommand(p)}</code>
        </pre>
        <p>
          The same seed gives the same data and the same output hash. The signed record is at{' '}
          <a href={`/api/v1/publications/${encodeURIComponent(p.id)}`}>{`/api/v1/publications/${p.id}`}</a>.
        </p>
      </section>
    </Layout>
  )
}

function signatureStatus(store: Store, p: Publication): { ok: boolean; reason: string } {
  try {
    // Checked with the key that signed it, current or retired by a rotation.
    return checkSignature(p, store.publicKeys().find((k) => k.keyId === p.keyId)?.publicKey ?? store.publicKey())
  } catch (e) {
    return { ok: false, reason: (e as Error).message }
  }
}
