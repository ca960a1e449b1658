/**
 * A publication, as a report a regulator can sign off and print: the compliance report (direction
 * and remedy per rule), the rule packs that applied, the model card, the effective parameters, the
 * datasets, the columns read, the published aggregates, the charts, the scenario's log, and the
 * provenance with both signatures. Each section starts a new printed page.
 */
import { DATASET_KINDS } from '@bund/sdk'
import type { Child } from 'hono/jsx'
import type { Publication, RunRecord, ScenarioRecord } from '../../../model/index.js'
import { checkSignature } from '../../../store/signing.js'
import type { Store } from '../../../store/store.js'
import { builtinPacks } from '../builtin-packs.js'
import { Chart, Facts, GateBadge, Hash, TEXT_CAP, VerdictTable, When, clip, gateOfPublication, scenarioHref } from '../components.js'
import type { Translator } from '../i18n/index.js'
import { Layout, type Viewer } from '../layout.js'
import type { PublicationFacts } from '../publication-facts.js'
import { VerifyBlock } from '../verify-block.js'
import { displayedAuthor } from '../../../store/display-name.js'
import { orgOf } from '../../../kernel/index.js'

export interface PublicationPageProps {
  store: Store
  viewer: Viewer
  publication: Publication
  facts: PublicationFacts
  /** Show the "Download PDF" link (the server can make PDFs). */
  pdf: boolean
  /** Render for printing to PDF: the stylesheet inline, no scripts. */
  inlineCss?: string
  /** The server's origin as the reader reached it, for the `bund verify` command. */
  origin: string
  /** Display names set by an operator, by org. */
  orgNames: ReadonlyMap<string, string>
}

/** Log lines shown at most (the stored log is already bounded by the run's limits). */
const MAX_LOG_LINES = 500

export async function PublicationPage(props: PublicationPageProps) {
  const { store, viewer, publication: p, facts } = props
  const { t } = viewer
  const { m } = t
  const scenario = await store.getScenario(p.scenario, p.version)
  const run = await store.getRun(p.runId)
  const title = clip(scenario?.title ?? p.scenario, TEXT_CAP.title)
  const signature = await signatureStatus(store, p)
  const counts: Record<string, number> = { pass: 0, warn: 0, fail: 0 }
  for (const v of p.verdicts) counts[v.status] = (counts[v.status] ?? 0) + 1
  const packs = appliedPacks(p, t)
  const packList = packs.map((k) => `${k.id} ${k.version}`).join(', ')
  const seed = t.num(p.seed, 0)
  const lang = `?lang=${t.locale}`
  return (
    <Layout title={`${title}, ${m.seedN(seed)}`} viewer={viewer} scripts={facts.charts.length > 0} inlineCss={props.inlineCss}>
      <nav aria-label={m.breadcrumb} class="crumbs">
        <a href="/">{m.navOverview}</a> › <a href={scenarioHref(p.scenario)}>{title}</a> › <span aria-current="page">{m.seedN(seed)}</span>
      </nav>
      <h1>
        {title} <span class="subtitle">{m.versionSeed(p.version, seed)}</span>
      </h1>
      <p class="gate-line">
        <GateBadge gate={gateOfPublication(p)} t={t} />
        <span>
          {m.publishedAt} <When iso={p.publishedAt} t={t} />. {m.publishedLine(t.num(counts.pass!, 0), t.num(p.verdicts.length, 0), counts.warn!, t.num(counts.warn!, 0), counts.fail!, t.num(counts.fail!, 0))}
        </span>
      </p>
      {props.inlineCss === undefined ? (
        <p class="actions">
          {props.pdf ? (
            <a class="button" id="download-pdf" href={`/publications/${encodeURIComponent(p.id)}/report.pdf${lang}`} download>
              {m.downloadPdf}
            </a>
          ) : null}
        </p>
      ) : null}
      {p.withdrawn !== undefined ? (
        <p class="callout callout-bad" role="note">
          <strong>{m.withdrawnLabel}</strong> <When iso={p.withdrawn.at} t={t} /> {m.withdrawnNote(p.withdrawn.by, p.withdrawn.reason)}
        </p>
      ) : null}
      {p.releasedBy !== undefined ? (
        <p class="callout callout-warn" role="note">
          <strong>{m.releasedLabel}</strong> {m.releasedNote(p.releasedBy.by, p.releasedBy.reason)}
        </p>
      ) : null}
      {scenario?.manifest.description ? <p class="lead">{clip(scenario.manifest.description, TEXT_CAP.long)}</p> : null}

      <section aria-labelledby="report-heading" class="report-section" id="report">
        <h2 id="report-heading">{m.reportHeading}</h2>
        <VerdictTable verdicts={p.verdicts} caption={m.reportCaption(packList || m.none)} t={t} />
      </section>

      <section aria-labelledby="packs-heading" class="report-section" id="packs">
        <h2 id="packs-heading">{m.packsHeading}</h2>
        <p>{m.packsIntro}</p>
        <div class="table-wrap">
          <table class="packs">
            <thead>
              <tr>
                <th scope="col">{m.colPack}</th>
                <th scope="col">{m.colPackVersion}</th>
                <th scope="col" class="num">
                  {m.colRules}
                </th>
              </tr>
            </thead>
            <tbody>
              {packs.map((k) => (
                <tr data-pack={k.id}>
                  <th scope="row">
                    {k.title} <code class="rule-id">{k.id}</code>
                  </th>
                  <td>{k.version}</td>
                  <td class="num">{t.num(k.rules, 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="model-heading" class="report-section" id="model-card">
        <h2 id="model-heading">{m.modelCardHeading}</h2>
        {facts.modelCard === undefined ? (
          <p>{m.modelCardNone}</p>
        ) : (
          <Facts
            label={m.modelCardHeading}
            items={[
              [m.mcName, facts.modelCard.name],
              [m.mcMethod, facts.modelCard.method ?? m.notStated],
              [m.mcFeatures, facts.modelCard.features.length === 0 ? m.notStated : `${facts.modelCard.features.join(', ')}${facts.modelCard.moreFeatures > 0 ? ` (+${t.num(facts.modelCard.moreFeatures, 0)})` : ''}`],
              [m.mcIntendedUse, facts.modelCard.intendedUse ?? m.notStated],
              [m.mcLimitations, facts.modelCard.limitations ?? m.notStated],
            ]}
          />
        )}
      </section>

      <section aria-labelledby="params-heading" class="report-section" id="params">
        <h2 id="params-heading">{m.paramsHeading}</h2>
        <ParamsTable params={p.params} scenario={scenario} t={t} />
      </section>

      <section aria-labelledby="datasets-heading" class="report-section" id="datasets">
        <h2 id="datasets-heading">{m.datasetsHeading}</h2>
        <p>{m.datasetsIntro}</p>
        <DatasetsTable scenario={scenario} rows={p.rows} t={t} />
        <h3 id="columns-heading">{m.columnsReadHeading}</h3>
        <ColumnsRead record={p} run={run} t={t} />
      </section>

      <section aria-labelledby="aggregates-heading" class="report-section" id="aggregates">
        <h2 id="aggregates-heading">{m.aggregatesHeading}</h2>
        <p>{m.aggregatesIntro}</p>
        {facts.aggregates.length === 0 ? <p>{m.aggregatesNone}</p> : null}
        {facts.aggregates.map((a) => (
          <div class="table-wrap">
            <table class="aggregate">
              <caption>
                {a.name}
                {a.cells.length < a.totalCells ? ` — ${m.aggregateRowsShown(t.num(a.cells.length, 0), t.num(a.totalCells, 0))}` : ''}
              </caption>
              <thead>
                <tr>
                  {a.groupBy.map((g) => (
                    <th scope="col">{g}</th>
                  ))}
                  <th scope="col" class="num">
                    n
                  </th>
                  {a.valueNames.map((v) => (
                    <th scope="col" class="num">
                      {v}
                    </th>
                  ))}
                  {a.reportedNames.map((v) => (
                    <th scope="col" class="num reported" title={m.aggregateReportedTitle}>
                      {v}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {a.cells.map((c) => (
                  <tr>
                    {c.group.map((g) => (
                      <td>{g}</td>
                    ))}
                    <td class="num">{t.num(c.count, 0)}</td>
                    {a.valueNames.map((v) => (
                      <td class="num">{c.values[v] === undefined ? '—' : t.num(c.values[v]!, 4)}</td>
                    ))}
                    {a.reportedNames.map((v) => (
                      <td class="num reported">{c.reported[v] === undefined ? '—' : t.num(c.reported[v]!, 4)}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
            {a.reportedNames.length > 0 ? <p class="note">{m.aggregateReportedNote(a.reportedNames.join(', '))}</p> : null}
          </div>
        ))}
      </section>

      <section aria-labelledby="charts-heading" class="report-section" id="charts">
        <h2 id="charts-heading">{m.chartsHeading}</h2>
        {facts.chartProblem !== undefined ? <p class="callout callout-bad">{m.chartsProblem(facts.chartProblem)}</p> : null}
        {facts.charts.length === 0 && facts.chartProblem === undefined ? <p>{m.noCharts}</p> : null}
        {facts.countNotes.length > 0 ? (
          <div class="callout" id="count-notes">
            <h3>{m.countsHeading}</h3>
            <ul>
              {facts.countNotes.map((n) => (
                <li>{n}</li>
              ))}
            </ul>
          </div>
        ) : null}
        <div class="charts">
          {facts.charts.map((spec) => (
            <Chart spec={spec} t={t} open={props.inlineCss !== undefined} />
          ))}
        </div>
      </section>

      <section aria-labelledby="log-heading" class="report-section" id="log">
        <h2 id="log-heading">{m.logHeading}</h2>
        <RunLog run={run} t={t} />
      </section>

      <section aria-labelledby="provenance-heading" class="report-section" id="provenance">
        <h2 id="provenance-heading">{m.provenanceHeading}</h2>
        <Facts
          label={m.provenanceHeading}
          items={[
            [m.factPublication, <code>{p.id}</code>],
            [m.factScenario, <a href={scenarioHref(p.scenario)}>{`${p.scenario}@${p.version}`}</a>],
            [m.factAuthor, clip(scenario === undefined ? '' : displayedAuthor(scenario, props.orgNames), TEXT_CAP.title)],
            [m.factSeed, String(p.seed)],
            [m.factRows, p.rows === null ? m.rowsManifest : t.num(p.rows, 0)],
            [m.factBundle, <Hash value={p.bundleSha256} />],
            [m.factOutput, <Hash value={p.outputHash} />],
            [m.factRulePacks, packList || m.none],
            [m.factRuntime, p.runtimeVersion],
            [m.factResources, m.resources(t.num(Math.round(p.resources.wallMs), 0), t.num(Math.round(p.resources.cpuMs), 0), t.num(p.resources.heapPeakBytes / 1e6, 1))],
            [
              m.factSignature,
              <span id="signature-status">
                <span class={`badge ${signature.ok ? 'status-pass' : 'status-fail'}`}>{signature.ok ? m.signatureValid : m.signatureInvalid}</span> {signature.reason}
              </span>,
            ],
            [m.factSigningKey, <Hash value={p.keyId ?? ''} />],
            [m.factAuthorSignature, <span id="author-signature">{authorSignatureText(scenario, t)}</span>],
            ...(scenario?.authorSignature?.status === 'verified' ? [[m.factAuthorKey, <Hash value={scenario.authorSignature.keyId} />] as [string, Child]] : []),
          ]}
        />
        <VerifyBlock store={store} publication={p} origin={props.origin} t={t} />
      </section>
    </Layout>
  )
}

/** The rule packs with at least one verdict on this result, with how many of their rules applied. */
function appliedPacks(p: Publication, t: Translator): Array<{ id: string; version: string; title: string; rules: number }> {
  const titles = new Map(builtinPacks().map((k) => [k.id, k.title]))
  return Object.entries(p.rulePacks)
    .map(([id, version]) => ({ id, version, title: t.packTitle(id, titles.get(id) ?? id), rules: p.verdicts.filter((v) => v.rule.startsWith(`${id}/`)).length }))
    .filter((k) => k.rules > 0)
}

/** Each parameter with the value the run used: given, or the manifest's JSON Schema default. */
function ParamsTable(props: { params: unknown; scenario: ScenarioRecord | undefined; t: Translator }) {
  const { m } = props.t
  const given = props.params !== null && typeof props.params === 'object' && !Array.isArray(props.params) ? (props.params as Record<string, unknown>) : {}
  const schema = props.scenario?.manifest.paramsSchema as { properties?: Record<string, { default?: unknown; description?: unknown }> } | undefined
  const properties = schema?.properties ?? {}
  const names = [...new Set([...Object.keys(properties), ...Object.keys(given)])].slice(0, 200)
  if (names.length === 0) return <p id="params-none">{m.noParams}</p>
  return (
    <>
      <p>{m.paramsIntro}</p>
      <div class="table-wrap">
        <table class="params">
          <thead>
            <tr>
              <th scope="col">{m.colParam}</th>
              <th scope="col">{m.colValue}</th>
              <th scope="col">{m.colSource}</th>
            </tr>
          </thead>
          <tbody>
            {names.map((name) => {
              const isGiven = Object.hasOwn(given, name)
              const value = isGiven ? given[name] : properties[name]?.default
              return (
                <tr data-param={name}>
                  <th scope="row">
                    <code>{clip(name, 100)}</code>
                    {typeof properties[name]?.description === 'string' ? <span class="rule-id">{clip(properties[name]!.description, TEXT_CAP.short)}</span> : null}
                  </th>
                  <td>
                    <code>{value === undefined ? '—' : clip(JSON.stringify(value), TEXT_CAP.short)}</code>
                  </td>
                  <td data-source={isGiven ? 'given' : 'default'}>{isGiven ? m.paramGiven : m.paramDefault}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
    </>
  )
}

function DatasetsTable(props: { scenario: ScenarioRecord | undefined; rows: number | null; t: Translator }) {
  const { t } = props
  const { m } = t
  const datasets = Object.entries(props.scenario?.manifest.datasets ?? {})
  return (
    <div class="table-wrap">
      <table class="datasets">
        <thead>
          <tr>
            <th scope="col">{m.colDataset}</th>
            <th scope="col">{m.colKind}</th>
            <th scope="col" class="num">
              {m.colRows}
            </th>
            <th scope="col" class="num">
              {m.colTrainingRows}
            </th>
            <th scope="col">{m.colPii}</th>
          </tr>
        </thead>
        <tbody>
          {datasets.map(([name, d]) => {
            const pii = d.pii === true && (DATASET_KINDS as Record<string, { pii?: boolean }>)[d.kind]?.pii === true
            return (
              <tr data-dataset={name}>
                <th scope="row">
                  <code>{name}</code>
                </th>
                <td>{d.kind}</td>
                <td class="num">{props.rows === null ? t.num(d.rows, 0) : m.rowsOverride(t.num(props.rows, 0))}</td>
                <td class="num">{d.trainingRows === undefined ? '—' : t.num(d.trainingRows, 0)}</td>
                <td data-pii={pii ? 'yes' : 'no'}>{pii ? m.piiYes : m.piiNo}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

/** The columns read, per dataset, when the run recorded them (`readSet`). */
function ColumnsRead(props: { record: Publication; run: RunRecord | undefined; t: Translator }) {
  const { m } = props.t
  const readSet = readSetOf(props.record) ?? (props.run === undefined ? undefined : readSetOf(props.run))
  if (readSet === undefined) return <p id="columns-read-none">{m.columnsReadNone}</p>
  return (
    <>
      <p>{m.columnsReadIntro}</p>
      <Facts label={m.columnsReadHeading} items={Object.entries(readSet).map(([dataset, columns]) => [dataset, columns.join(', ')])} />
    </>
  )
}

/** A record's read-set: dataset -> columns, as an object of arrays (or one array for a single dataset). */
function readSetOf(record: object): Record<string, string[]> | undefined {
  const value = (record as { readSet?: unknown }).readSet
  if (value === null || typeof value !== 'object') return undefined
  if (Array.isArray(value)) return { '': value.filter((c): c is string => typeof c === 'string').map((c) => clip(c, 100)) }
  const out: Record<string, string[]> = {}
  for (const [k, v] of Object.entries(value as Record<string, unknown>).slice(0, 50)) {
    if (Array.isArray(v)) out[clip(k, 100)] = v.filter((c): c is string => typeof c === 'string').slice(0, 500).map((c) => clip(c, 100))
  }
  return out
}

function RunLog(props: { run: RunRecord | undefined; t: Translator }) {
  const { m } = props.t
  const run = props.run
  if (run === undefined) return <p>{m.logNotPublic}</p>
  // The run record sets logsTruncated only when the scenario logged past the run's limit.
  const truncated = (run as { logsTruncated?: unknown }).logsTruncated === true
  const lines = run.logs.slice(0, MAX_LOG_LINES)
  return (
    <>
      <p id="log-truncation" class={truncated ? 'callout callout-warn' : undefined} data-truncated={String(truncated)}>
        {truncated ? m.logTruncated : m.logComplete}
      </p>
      {lines.length === 0 ? <p>{m.logEmpty}</p> : <pre class="logs" tabindex={0} aria-label={m.logHeading}>{lines.map((l) => `${l.level.padEnd(5)} ${clip(l.message, TEXT_CAP.long)}`).join('\n')}</pre>}
    </>
  )
}

function authorSignatureText(scenario: ScenarioRecord | undefined, t: Translator): string {
  const org = scenario === undefined ? '' : orgOf(scenario.id)
  const s = scenario?.authorSignature
  if (s?.status === 'verified') return t.m.authorSigned(org)
  if (s?.status === 'unsigned') return t.m.authorUnsigned(org)
  return t.m.authorUnknown
}

async function signatureStatus(store: Store, p: Publication): Promise<{ ok: boolean; reason: string }> {
  try {
    // Checked with the key that signed it, current or retired by a rotation.
    return checkSignature(p, (await store.publicKeys()).find((k) => k.keyId === p.keyId)?.publicKey ?? (await store.publicKey()))
  } catch (e) {
    return { ok: false, reason: (e as Error).message }
  }
}
