/** A scenario's versions side by side on one seed: each rule's verdict and figure per version. */
import type { ScenarioRecord } from '../../../model/index.js'
import { StatusBadge, TEXT_CAP, When, clip, scenarioHref } from '../components.js'
import { directionOf } from '../directions.js'
import { Layout, type Viewer } from '../layout.js'
import type { VersionComparison } from '../version-comparison.js'

export function ComparePage(props: { viewer: Viewer; scenario: ScenarioRecord; comparison: VersionComparison }) {
  const { viewer, scenario, comparison } = props
  const { t } = viewer
  const { m } = t
  const title = clip(scenario.title, TEXT_CAP.title)
  const seed = String(comparison.seed)
  const published = comparison.columns.filter((c) => c.publication !== undefined).length
  const href = scenarioHref(scenario.id)
  return (
    <Layout title={m.compareTitle(title, seed)} viewer={viewer} scripts={false}>
      <nav aria-label={m.breadcrumb} class="crumbs">
        <a href="/">{m.navOverview}</a> › <a href={href}>{title}</a> › <span aria-current="page">{m.seedN(seed)}</span>
      </nav>
      <h1>{m.compareTitle(title, seed)}</h1>
      <p class="lead">{m.compareIntro(seed)}</p>
      {comparison.otherSeeds.length > 0 ? (
        <p>
          {m.compareOtherSeeds}{' '}
          {comparison.otherSeeds.map((s, i) => (
            <>
              {i > 0 ? ', ' : ''}
              <a href={`${href}/compare?seed=${s}`}>{m.seedN(String(s))}</a>
            </>
          ))}
        </p>
      ) : null}
      {published < 2 ? (
        <p>{m.compareNothing}</p>
      ) : (
        <div class="table-wrap">
          <table class="compare">
            <caption>{m.compareCaption(seed)}</caption>
            <thead>
              <tr>
                <th scope="col">{m.colRule}</th>
                {comparison.columns.map((c) => (
                  <th scope="col" data-version={c.version}>
                    {c.publication === undefined ? (
                      c.version
                    ) : (
                      <>
                        <a href={`/publications/${encodeURIComponent(c.publication.id)}`}>{c.version}</a>{' '}
                        <span class="when">
                          <When iso={c.publication.publishedAt} t={t} />
                        </span>
                      </>
                    )}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {comparison.rules.map((row) => {
                const first = row.verdicts.find((v) => v !== undefined)!
                return (
                  <tr data-rule={row.rule}>
                    <th scope="row">
                      <span class="rule-title">{t.ruleTitle(first)}</span>
                      <code class="rule-id">{row.rule}</code>
                      <span class="direction">{t.directionOfCheck(first.check)}</span>
                    </th>
                    {row.verdicts.map((v, i) =>
                      comparison.columns[i]!.publication === undefined ? (
                        <td class="absent">{m.compareNotPublished}</td>
                      ) : v === undefined ? (
                        <td class="absent">{m.compareNoRule}</td>
                      ) : (
                        <td data-status={v.status}>
                          <StatusBadge status={v.status} t={t} /> <span class="num">{directionOf(v.check) === 'zero' && v.figure === 0 ? '' : t.figure(v.figure)}</span>
                          <span class="sentence">{clip(t.verdictSentence(v) ?? v.message, TEXT_CAP.long)}</span>
                        </td>
                      ),
                    )}
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  )
}
