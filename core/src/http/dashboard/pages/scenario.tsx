/** One scenario: what it is, who wrote it, its versions, its publications (and, for operators, every run), and its figures over time. */
import { compareVersions } from '../../../kernel/index.js'
import type { ScenarioRecord } from '../../../model/index.js'
import { collectAll } from '../../../store/paging.js'
import type { Store } from '../../../store/store.js'
import { figureTrends } from '../charts/index.js'
import { Chart, Facts, GateBadge, Hash, TEXT_CAP, When, clip, gateOfPublication, gateOfRun, scenarioHref } from '../components.js'
import { comparableSeeds } from '../version-comparison.js'
import type { Translator } from '../i18n/index.js'
import { Layout, type Viewer } from '../layout.js'
import { displayedAuthor } from '../../../store/display-name.js'

export async function ScenarioPage(props: { store: Store; viewer: Viewer; scenario: ScenarioRecord; /** Display names set by an operator, by org. */ orgNames: ReadonlyMap<string, string> }) {
  const { store, viewer, scenario } = props
  const { t } = viewer
  const { m } = t
  const title = clip(scenario.title, TEXT_CAP.title)
  const publications = await collectAll((o) => store.listPublications(o), { scenario: scenario.id })
  // The public sees only versions with a live publication (as the public API does).
  const publishedVersions = new Set(publications.map((p) => p.version))
  const versions = (await store.listScenarios())
    .filter((s) => s.id === scenario.id && (viewer.operator !== undefined || publishedVersions.has(s.version)))
    .sort((a, b) => compareVersions(b.version, a.version))
  const runs = viewer.operator !== undefined ? await collectAll((o) => store.listRuns(o), { scenario: scenario.id }) : []
  const charts = figureTrends(publications.filter((p) => p.withdrawn === undefined), t)
  const manifest = scenario.manifest
  // Seeds two versions or more were published on: each links to those versions side by side.
  const seeds = comparableSeeds(publications)
  return (
    <Layout title={title} viewer={viewer} scripts={charts.length > 0}>
      <nav aria-label={m.breadcrumb} class="crumbs">
        <a href="/">{m.navOverview}</a> › <span aria-current="page">{title}</span>
      </nav>
      <h1>{title}</h1>
      {manifest.description ? <p class="lead">{clip(manifest.description, TEXT_CAP.long)}</p> : null}
      <Facts
        label={m.aboutScenario}
        items={[
          [m.factScenario, <code>{scenario.id}</code>],
          [m.factAuthor, clip(displayedAuthor(scenario, props.orgNames), TEXT_CAP.title)],
          [m.factCategory, scenario.category],
          [m.factResultKind, scenario.result],
          [m.factLatestVersion, scenario.version],
          [m.factPublications, t.num(publications.length, 0)],
        ]}
      />

      <section aria-labelledby="versions-heading">
        <h2 id="versions-heading">{m.versionsHeading}</h2>
        <div class="table-wrap">
          <table class="versions">
            <thead>
              <tr>
                <th scope="col">{m.colVersion}</th>
                <th scope="col">{m.colBundle}</th>
                <th scope="col">{m.colRegistered}</th>
                <th scope="col" class="num">
                  {m.colPublications}
                </th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr>
                  <th scope="row">{v.version}</th>
                  <td>
                    <Hash value={v.bundleSha256} />
                  </td>
                  <td>
                    <When iso={v.registeredAt} t={t} />
                  </td>
                  <td class="num">{publications.filter((p) => p.version === v.version).length}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      {seeds.length > 0 ? (
        <p class="compare-links">
          {m.compareLinks}{' '}
          {seeds.map((seed, i) => (
            <>
              {i > 0 ? ', ' : ''}
              <a href={`${scenarioHref(scenario.id)}/compare?seed=${seed}`}>{m.seedN(String(seed))}</a>
            </>
          ))}
        </p>
      ) : null}

      {charts.length > 0 ? (
        <section aria-labelledby="charts-heading">
          <h2 id="charts-heading">{m.trendsHeading}</h2>
          <p>{m.trendsIntro}</p>
          <div class="charts">
            {charts.map((spec) => (
              <Chart spec={spec} t={t} />
            ))}
          </div>
        </section>
      ) : null}

      <section aria-labelledby="pubs-heading">
        <h2 id="pubs-heading">{m.publicationsHeading}</h2>
        {publications.length === 0 ? (
          <p>{m.noPublications}</p>
        ) : (
          <RunTable
            t={t}
            first={m.colPublication}
            outcome={m.colGate}
            when={m.colPublished}
            rows={publications.map((p) => ({ href: `/publications/${encodeURIComponent(p.id)}`, id: p.id, version: p.version, seed: p.seed, gate: gateOfPublication(p), at: p.publishedAt }))}
          />
        )}
      </section>

      {viewer.operator !== undefined ? (
        <section aria-labelledby="runs-heading">
          <h2 id="runs-heading">{m.allRunsHeading}</h2>
          {runs.length === 0 ? (
            <p>{m.noRuns}</p>
          ) : (
            <RunTable
              t={t}
              first={m.colRun}
              outcome={m.colOutcome}
              when={m.colFinished}
              rows={runs.map((r) => ({ href: `/runs/${encodeURIComponent(r.id)}`, id: r.id, version: r.version, seed: r.seed, gate: gateOfRun(r), at: r.finishedAt }))}
            />
          )}
        </section>
      ) : null}
    </Layout>
  )
}

/** One row of a scenario's publications or runs. */
interface RunRow {
  href: string
  id: string
  version: string
  seed: number
  gate: Parameters<typeof GateBadge>[0]['gate']
  at: string
}

/** The table of a scenario's publications, or (for operators) of all its runs. */
function RunTable(props: { first: string; outcome: string; when: string; rows: RunRow[]; t: Translator }) {
  const { t } = props
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{props.first}</th>
            <th scope="col">{t.m.colVersion}</th>
            <th scope="col" class="num">
              {t.m.colSeed}
            </th>
            <th scope="col">{props.outcome}</th>
            <th scope="col">{props.when}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr>
              <th scope="row">
                <a href={r.href}>{r.id}</a>
              </th>
              <td>{r.version}</td>
              <td class="num">{r.seed}</td>
              <td>
                <GateBadge gate={r.gate} t={t} />
              </td>
              <td>
                <When iso={r.at} t={t} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
