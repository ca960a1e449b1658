/** The operator's desk: the audit chain's status, runs in progress, and the held runs with a release form each. */
import type { Store } from '../../../store/store.js'
import type { DashboardDeps } from '../deps.js'
import { Facts, TEXT_CAP, When, clip, scenarioHref } from '../components.js'
import type { Translator } from '../i18n/index.js'
import { Layout, type Viewer } from '../layout.js'
import { LiveProgress, ReleaseForm } from '../release-form.js'

export async function ReviewPage(props: { store: Store; queue: DashboardDeps['queue']; viewer: Viewer & { operator: { csrf: string } } }) {
  const { store, viewer } = props
  const { t } = viewer
  const { m } = t
  const audit = await auditStatus(store, t)
  const active = props.queue?.active() ?? []
  // The newest held runs (one page); the heading counts them all.
  const heldPage = await store.listRuns({ status: 'held' })
  const held = heldPage.items
  const titles = new Map<string, string>()
  for (const run of held) {
    const key = `${run.scenario}@${run.version}`
    if (!titles.has(key)) titles.set(key, clip((await store.getScenario(run.scenario, run.version))?.title ?? run.scenario, TEXT_CAP.title))
  }
  return (
    <Layout title={m.reviewTitle} viewer={viewer}>
      <h1>{m.reviewTitle}</h1>

      <section aria-labelledby="audit-heading">
        <h2 id="audit-heading">{m.auditHeading}</h2>
        <p id="audit-status" class={`callout ${audit.ok ? 'callout-good' : 'callout-bad'}`}>
          {audit.ok ? (
            <>
              <strong>{m.auditIntact}</strong> {m.auditIntactText(t.num(audit.entries, 0))}
            </>
          ) : (
            <>
              <strong>{m.auditBroken}</strong> {audit.problem}
            </>
          )}
        </p>
        {audit.last !== undefined ? (
          <Facts
            label={m.latestAudit}
            items={[
              [m.latestEntry, `#${audit.last.seq} ${audit.last.action} ${audit.last.subject}`],
              [m.by, audit.last.actor],
              [m.at, <When iso={audit.last.at} t={t} />],
            ]}
          />
        ) : null}
      </section>

      <section aria-labelledby="active-heading">
        <h2 id="active-heading">{m.activeHeading}</h2>
        {active.length === 0 ? (
          <p>{m.noActive}</p>
        ) : (
          <ul class="plain">
            {active.map((e) => (
              <li>
                <LiveProgress t={t} id={e.id} state={e.state} fraction={e.progress.fraction} message={e.progress.message} label={`${e.meta.scenario}@${e.meta.version}, ${m.seedN(String(e.meta.seed))}`} />
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="held-heading">
        <h2 id="held-heading">{m.heldHeading(t.num(heldPage.total, 0))}</h2>
        {held.length === 0 ? (
          <p>{m.noHeld}</p>
        ) : (
          <ul class="plain held">
            {held.map((run) => {
              const failing = run.verdicts.filter((v) => v.status === 'fail' && v.severity === 'block')
              const title = titles.get(`${run.scenario}@${run.version}`) ?? run.scenario
              return (
                <li class="card" id={`held-${run.id}`}>
                  <h3>
                    <a href={`/runs/${encodeURIComponent(run.id)}`}>{title}</a> <span class="subtitle">{m.seedN(String(run.seed))}</span>
                  </h3>
                  <p class="meta">
                    <a href={scenarioHref(run.scenario)}>
                      <code>{`${run.scenario}@${run.version}`}</code>
                    </a>{' '}
                    · {m.finishedAt} <When iso={run.finishedAt} t={t} />
                  </p>
                  <ul>
                    {failing.map((v) => (
                      <li>
                        <strong>{t.ruleTitle(v)}</strong>: {clip(t.verdictSentence(v) ?? v.message, TEXT_CAP.long)}
                      </li>
                    ))}
                  </ul>
                  <ReleaseForm t={t} runId={run.id} csrf={viewer.operator.csrf} />
                </li>
              )
            })}
          </ul>
        )}
      </section>
    </Layout>
  )
}

async function auditStatus(store: Store, t: Translator) {
  try {
    const v = await store.verifyAudit()
    const all = (await store.listAudit({ offset: Math.max(0, v.entries - 1), limit: 1 })).items
    return { ok: v.ok, entries: v.entries, problem: v.broken ? t.m.auditBrokenEntry(String(v.broken.seq), v.broken.reason) : '', last: all[all.length - 1] }
  } catch (e) {
    return { ok: false, entries: 0, problem: (e as Error).message, last: undefined }
  }
}
