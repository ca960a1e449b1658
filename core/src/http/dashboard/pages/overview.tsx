/**
 * The front page: latest publications with their gate badges, the scenarios, their authors. The
 * public sees exactly the scenarios the public API lists (those with a live publication); an
 * operator sees every registered one, as the API shows an operator.
 */
import type { ScenarioRecord } from '../../../model/index.js'
import type { Store } from '../../../store/store.js'
import { publishedIds } from '../../routes/scenarios.js'
import { compareVersions } from '../../../kernel/index.js'
import { GateBadge, TEXT_CAP, When, clip, gateOfPublication, scenarioHref } from '../components.js'
import { Layout, type Viewer } from '../layout.js'
import { displayedAuthor } from '../../../store/display-name.js'

/** Publications listed on the front page. */
const LATEST = 20

export async function OverviewPage(props: { store: Store; viewer: Viewer; /** Display names set by an operator, by org. */ orgNames: ReadonlyMap<string, string> }) {
  const { store, viewer, orgNames } = props
  const { t } = viewer
  const { m } = t
  const scenarios = await visibleScenarios(store, viewer)
  const titles = new Map(scenarios.map((s) => [s.id, clip(s.title, TEXT_CAP.title)]))
  const latest = (await store.listPublications({ limit: LATEST })).items
  // Live publications per scenario, from the store's aggregate (never by reading every publication).
  const published = new Map<string, number>()
  for (const v of await store.publishedVersions()) published.set(v.scenario, (published.get(v.scenario) ?? 0) + v.publications)
  const authors = new Map<string, string[]>()
  for (const s of scenarios) authors.set(displayedAuthor(s, orgNames), [...(authors.get(displayedAuthor(s, orgNames)) ?? []), s.id])
  const held = viewer.operator !== undefined ? (await store.listRuns({ status: 'held', limit: 0 })).total : 0
  return (
    <Layout title={m.overviewTitle} viewer={viewer}>
      <h1>{m.overviewHeading}</h1>
      <p class="lead">{m.overviewLead}</p>
      {viewer.operator !== undefined ? (
        <p class={`callout ${held > 0 ? 'callout-warn' : ''}`} id="held-count">
          <strong>{held}</strong> {m.heldCount(held)} <a href="/review">{m.reviewHeld}</a>
        </p>
      ) : null}

      <section aria-labelledby="latest-heading">
        <h2 id="latest-heading">{m.latestPublications}</h2>
        {latest.length === 0 ? (
          <p>{m.nothingPublished}</p>
        ) : (
          <div class="table-wrap">
            <table class="publications">
              <thead>
                <tr>
                  <th scope="col">{m.colScenario}</th>
                  <th scope="col">{m.colVersion}</th>
                  <th scope="col" class="num">
                    {m.colSeed}
                  </th>
                  <th scope="col">{m.colChecks}</th>
                  <th scope="col">{m.colGate}</th>
                  <th scope="col">{m.colPublished}</th>
                </tr>
              </thead>
              <tbody>
                {latest.map((p) => {
                  const passed = p.verdicts.filter((v) => v.status === 'pass').length
                  return (
                    <tr data-publication={p.id}>
                      <th scope="row">
                        <a href={`/publications/${encodeURIComponent(p.id)}`}>{titles.get(p.scenario) ?? p.scenario}</a>
                        <code class="rule-id">{p.scenario}</code>
                      </th>
                      <td>{p.version}</td>
                      <td class="num">{p.seed}</td>
                      <td>{m.checksPassed(t.num(passed, 0), t.num(p.verdicts.length, 0))}</td>
                      <td>
                        <GateBadge gate={gateOfPublication(p)} t={t} />
                      </td>
                      <td>
                        <When iso={p.publishedAt} t={t} />
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
        <h2 id="scenarios-heading">{m.scenariosHeading}</h2>
        {scenarios.length === 0 ? (
          <p>{m.noScenarios}</p>
        ) : (
          <ul class="cards">
            {scenarios.map((s) => (
              <li class="card" data-scenario={s.id}>
                <h3>
                  <a href={scenarioHref(s.id)}>{titles.get(s.id)}</a>
                </h3>
                <p class="meta">
                  <code>{s.id}</code> · v{s.version} · {s.category} · <span class="kind">{s.result}</span>
                </p>
                {s.manifest.description ? <p class="description">{clip(s.manifest.description, TEXT_CAP.short)}</p> : null}
                <p class="meta">
                  {m.byAuthor(clip(displayedAuthor(s, orgNames), TEXT_CAP.title))} · {m.publicationCount(published.get(s.id) ?? 0, t.num(published.get(s.id) ?? 0, 0))}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="authors-heading">
        <h2 id="authors-heading">{m.authorsHeading}</h2>
        <ul class="authors">
          {[...authors.entries()]
            .sort((a, b) => a[0].localeCompare(b[0]))
            .map(([author, ids]) => (
              <li>
                <strong>{clip(author, TEXT_CAP.title)}</strong>: {m.authorLine(ids.length, t.num(ids.length, 0), t.num(ids.reduce((n, id) => n + (published.get(id) ?? 0), 0), 0))}
              </li>
            ))}
        </ul>
      </section>
    </Layout>
  )
}

/** The newest version of each scenario this viewer may see, by title. */
export async function visibleScenarios(store: Store, viewer: Pick<Viewer, 'operator'>): Promise<ScenarioRecord[]> {
  const published = viewer.operator !== undefined ? undefined : await publishedIds(store)
  const byId = new Map<string, ScenarioRecord>()
  // The public sees the newest version with a live publication; unpublished versions stay hidden.
  for (const s of await store.listScenarios()) {
    if (published !== undefined && !published.has(`${s.id}@${s.version}`)) continue
    const seen = byId.get(s.id)
    if (seen === undefined || compareVersions(s.version, seen.version) > 0) byId.set(s.id, s)
  }
  return [...byId.values()].sort((a, b) => a.title.localeCompare(b.title))
}
