/** The front page: latest publications with their gate badges, the scenarios, their authors. */
import type { Store } from '../../../store/store.js'
import { GateBadge, When, gateOfPublication, scenarioHref } from '../components.js'
import { Layout, type Viewer } from '../layout.js'

/** Publications listed on the front page. */
const LATEST = 20

export function OverviewPage(props: { store: Store; viewer: Viewer }) {
  const { store, viewer } = props
  const scenarios = latestVersions(store)
  const titles = new Map(scenarios.map((s) => [s.id, s.title]))
  const publications = store.listPublications()
  const latest = publications.slice(0, LATEST)
  const published = new Map<string, number>()
  for (const p of publications) published.set(p.scenario, (published.get(p.scenario) ?? 0) + 1)
  const authors = new Map<string, string[]>()
  for (const s of scenarios) authors.set(s.author, [...(authors.get(s.author) ?? []), s.id])
  const held = viewer.operator !== undefined ? store.listRuns({ status: 'held' }).length : 0
  return (
    <Layout title="Overview" viewer={viewer}>
      <h1>Showcase</h1>
      <p class="lead">
        Scenarios from technology companies, run in an isolated sandbox on seeded synthetic data and checked against compliance rule packs. Only results whose blocking checks pass are
        published.
      </p>
      {viewer.operator !== undefined ? (
        <p class={`callout ${held > 0 ? 'callout-warn' : ''}`} id="held-count">
          <strong>{held}</strong> {held === 1 ? 'run is' : 'runs are'} held for review. <a href="/review">Review held runs</a>
        </p>
      ) : null}

      <section aria-labelledby="latest-heading">
        <h2 id="latest-heading">Latest publications</h2>
        {latest.length === 0 ? (
          <p>Nothing has been published yet.</p>
        ) : (
          <div class="table-wrap">
            <table class="publications">
              <thead>
                <tr>
                  <th scope="col">Scenario</th>
                  <th scope="col">Version</th>
                  <th scope="col" class="num">
                    Seed
                  </th>
                  <th scope="col">Checks</th>
                  <th scope="col">Gate</th>
                  <th scope="col">Published</th>
                </tr>
              </thead>
              <tbody>
                {latest.map((p) => {
                  const passed = p.verdicts.filter((v) => v.status === 'pass').length
                  return (
                    <tr>
                      <th scope="row">
                        <a href={`/publications/${encodeURIComponent(p.id)}`}>{titles.get(p.scenario) ?? p.scenario}</a>
                        <code class="rule-id">{p.scenario}</code>
                      </th>
                      <td>{p.version}</td>
                      <td class="num">{p.seed}</td>
                      <td>
                        {passed} of {p.verdicts.length} passed
                      </td>
                      <td>
                        <GateBadge gate={gateOfPublication(p)} />
                      </td>
                      <td>
                        <When iso={p.publishedAt} />
                      </td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="scenarios-heading">
        <h2 id="scenarios-heading">Scenarios</h2>
        {scenarios.length === 0 ? (
          <p>No scenario is registered yet.</p>
        ) : (
          <ul class="cards">
            {scenarios.map((s) => (
              <li class="card">
                <h3>
                  <a href={scenarioHref(s.id)}>{s.title}</a>
                </h3>
                <p class="meta">
                  <code>{s.id}</code> · v{s.version} · {s.category} · <span class="kind">{s.result}</span>
                </p>
                {s.manifest.description ? <p>{s.manifest.description}</p> : null}
                <p class="meta">
                  by {s.author} · {published.get(s.id) ?? 0} publication{published.get(s.id) === 1 ? '' : 's'}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="authors-heading">
        <h2 id="authors-heading">Authors</h2>
        <ul class="authors">
          {[...authors.entries()]
            .sort((a, b) => a[0].localeCompare(b[0]))
            .map(([author, ids]) => (
              <li>
                <strong>{author}</strong>: {ids.length} scenario{ids.length === 1 ? '' : 's'},{' '}
                {ids.reduce((n, id) => n + (published.get(id) ?? 0), 0)} publications
              </li>
            ))}
        </ul>
      </section>
    </Layout>
  )
}

/** The newest version of each registered scenario, by title. */
export function latestVersions(store: Store) {
  const byId = new Map<string, ReturnType<Store['listScenarios']>[number]>()
  for (const s of store.listScenarios()) {
    const newest = store.getScenario(s.id)
    if (newest !== undefined) byId.set(s.id, newest)
  }
  return [...byId.values()].sort((a, b) => a.title.localeCompare(b.title))
}
