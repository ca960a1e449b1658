/**
 * One scenario: what it is, who wrote it, its versions, its publications (and, for operators, its
 * runs) a page at a time, and its figures over its newest publications. Every part is read from a
 * bounded page or the store's aggregates, so the page costs the same however many publications the
 * scenario has.
 */
import { compareVersions } from '../../../kernel/index.js'
import type { ScenarioRecord } from '../../../model/index.js'
import type { Store } from '../../../store/store.js'
import { figureTrends } from '../charts/index.js'
import { Chart, Facts, GateBadge, Hash, TEXT_CAP, When, clip, gateOfPublication, gateOfRun, scenarioHref } from '../components.js'
import { comparableSeeds } from '../version-comparison.js'
import type { Translator } from '../i18n/index.js'
import { Layout, type Viewer } from '../layout.js'
import { displayedAuthor } from '../../../store/display-name.js'

/** Rows of the publications and runs tables per page. */
export const SCENARIO_PAGE_ROWS = 50
/** The newest live publications the figure trends are drawn from. */
export const TREND_PUBLICATIONS = 200

/** A 1-based page number from a query parameter; anything else is the first page. */
export function pageNumber(value: string | undefined): number {
  const n = value !== undefined && /^\d{1,9}$/.test(value) ? Number(value) : 1
  return Math.max(1, n)
}

export async function ScenarioPage(props: {
  store: Store
  viewer: Viewer
  scenario: ScenarioRecord
  /** Display names set by an operator, by org. */
  orgNames: ReadonlyMap<string, string>
  /** The page of publications and of runs (1-based). */
  page?: number
  runsPage?: number
}) {
  const { store, viewer, scenario } = props
  const { t } = viewer
  const { m } = t
  const title = clip(scenario.title, TEXT_CAP.title)
  const page = props.page ?? 1
  const runsPage = props.runsPage ?? 1
  const publications = await store.listPublications({ scenario: scenario.id, offset: (page - 1) * SCENARIO_PAGE_ROWS, limit: SCENARIO_PAGE_ROWS })
  // Live publications per version, from the store's aggregate. The public sees only versions with one (as the public API does).
  const live = new Map((await store.publishedVersions()).filter((v) => v.scenario === scenario.id).map((v) => [v.version, v.publications]))
  const versions = (await store.listScenarios())
    .filter((s) => s.id === scenario.id && (viewer.operator !== undefined || live.has(s.version)))
    .sort((a, b) => compareVersions(b.version, a.version))
  const runs = viewer.operator !== undefined ? await store.listRuns({ scenario: scenario.id, offset: (runsPage - 1) * SCENARIO_PAGE_ROWS, limit: SCENARIO_PAGE_ROWS }) : undefined
  const recent = page === 1 && publications.items.length >= Math.min(publications.total, TREND_PUBLICATIONS) ? publications.items : (await store.listPublications({ scenario: scenario.id, limit: TREND_PUBLICATIONS })).items
  const charts = figureTrends(recent.slice(0, TREND_PUBLICATIONS), t)
  const base = `/scenarios/${scenario.id.split('/').map(encodeURIComponent).join('/')}`
  const manifest = scenario.manifest
  // Seeds two versions or more were published on (among the newest live publications): each links to those versions side by side.
  const seeds = comparableSeeds(recent)
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
          [m.factPublications, t.num(publications.total, 0)],
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
                  <td class="num">{live.get(v.version) ?? 0}</td>
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
        {publications.total === 0 ? (
          <p>{m.noPublications}</p>
        ) : (
          <>
            <RunTable
              t={t}
              first={m.colPublication}
              outcome={m.colGate}
              when={m.colPublished}
              rows={publications.items.map((p) => ({ href: `/publications/${encodeURIComponent(p.id)}`, id: p.id, version: p.version, seed: p.seed, gate: gateOfPublication(p), at: p.publishedAt }))}
            />
            <Pager t={t} page={page} total={publications.total} href={(n) => `${base}?page=${n}${runsPage > 1 ? `&runs=${runsPage}` : ''}#pubs-heading`} />
          </>
        )}
      </section>

      {viewer.operator !== undefined ? (
        <section aria-labelledby="runs-heading">
          <h2 id="runs-heading">{m.allRunsHeading}</h2>
          {runs === undefined || runs.total === 0 ? (
            <p>{m.noRuns}</p>
          ) : (
            <>
              <RunTable
                t={t}
                first={m.colRun}
                outcome={m.colOutcome}
                when={m.colFinished}
                rows={runs.items.map((r) => ({ href: `/runs/${encodeURIComponent(r.id)}`, id: r.id, version: r.version, seed: r.seed, gate: gateOfRun(r), at: r.finishedAt }))}
              />
              <Pager t={t} page={runsPage} total={runs.total} href={(n) => `${base}?${page > 1 ? `page=${page}&` : ''}runs=${n}#runs-heading`} />
            </>
          )}
        </section>
      ) : null}
    </Layout>
  )
}

/** "Page n of m" with links to the newer and older pages; nothing when everything fits on one. */
function Pager(props: { t: Translator; page: number; total: number; href: (page: number) => string }) {
  const { t, page, total } = props
  const pages = Math.max(1, Math.ceil(total / SCENARIO_PAGE_ROWS))
  if (pages === 1 && page === 1) return null
  return (
    <nav class="pager" aria-label={t.m.pageOf(t.num(page, 0), t.num(pages, 0))}>
      {page > 1 ? <a href={props.href(page - 1)} rel="prev">{t.m.previous}</a> : null} <span>{t.m.pageOf(t.num(page, 0), t.num(pages, 0))}</span>{' '}
      {page < pages ? <a href={props.href(page + 1)} rel="next">{t.m.next}</a> : null}
    </nav>
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
