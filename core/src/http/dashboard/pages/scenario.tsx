/** One scenario: what it is, who wrote it, its versions, its publications (and, for operators, every run), and its figures over time. */
import { compareVersions } from '../../../store/lowdb-store.js'
import type { ScenarioRecord } from '../../../store/records.js'
import type { Store } from '../../../store/store.js'
import { figureTrends } from '../charts/index.js'
import { Chart, Facts, GateBadge, Hash, When, gateOfPublication, gateOfRun } from '../components.js'
import { Layout, type Viewer } from '../layout.js'

export function ScenarioPage(props: { store: Store; viewer: Viewer; scenario: ScenarioRecord }) {
  const { store, viewer, scenario } = props
  const versions = store
    .listScenarios()
    .filter((s) => s.id === scenario.id)
    .sort((a, b) => compareVersions(b.version, a.version))
  const publications = store.listPublications({ scenario: scenario.id })
  const runs = viewer.operator !== undefined ? store.listRuns({ scenario: scenario.id }) : []
  const charts = figureTrends([...publications].reverse().filter((p) => p.withdrawn === undefined))
  const m = scenario.manifest
  return (
    <Layout title={scenario.title} viewer={viewer} scripts={charts.length > 0}>
      <nav aria-label="Breadcrumb" class="crumbs">
        <a href="/">Overview</a> › <span aria-current="page">{scenario.title}</span>
      </nav>
      <h1>{scenario.title}</h1>
      {m.description ? <p class="lead">{m.description}</p> : null}
      <Facts
        label="About this scenario"
        items={[
          ['Scenario', <code>{scenario.id}</code>],
          ['Author', scenario.author],
          ['Category', scenario.category],
          ['Result kind', scenario.result],
          ['Latest version', scenario.version],
          ['Publications', String(publications.length)],
        ]}
      />

      <section aria-labelledby="versions-heading">
        <h2 id="versions-heading">Versions</h2>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Bundle sha256</th>
                <th scope="col">Registered</th>
                <th scope="col" class="num">
                  Publications
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
                    <When iso={v.registeredAt} />
                  </td>
                  <td class="num">{publications.filter((p) => p.version === v.version).length}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      {charts.length > 0 ? (
        <section aria-labelledby="charts-heading">
          <h2 id="charts-heading">Compliance figures across publications</h2>
          <div class="charts">
            {charts.map((spec) => (
              <Chart spec={spec} />
            ))}
          </div>
        </section>
      ) : null}

      <section aria-labelledby="pubs-heading">
        <h2 id="pubs-heading">Publications</h2>
        {publications.length === 0 ? (
          <p>No run of this scenario has been published yet.</p>
        ) : (
          <RunTable
            first="Publication"
            outcome="Gate"
            when="Published"
            rows={publications.map((p) => ({ href: `/publications/${encodeURIComponent(p.id)}`, id: p.id, version: p.version, seed: p.seed, gate: gateOfPublication(p), at: p.publishedAt }))}
          />
        )}
      </section>

      {viewer.operator !== undefined ? (
        <section aria-labelledby="runs-heading">
          <h2 id="runs-heading">All runs (operator view)</h2>
          {runs.length === 0 ? (
            <p>No runs yet.</p>
          ) : (
            <RunTable
              first="Run"
              outcome="Outcome"
              when="Finished"
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
function RunTable(props: { first: string; outcome: string; when: string; rows: RunRow[] }) {
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{props.first}</th>
            <th scope="col">Version</th>
            <th scope="col" class="num">
              Seed
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
                <GateBadge gate={r.gate} />
              </td>
              <td>
                <When iso={r.at} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
