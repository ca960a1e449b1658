/** The operator's desk: the audit chain's status, runs in progress, and the held runs with a release form each. */
import type { Store } from '../../../store/store.js'
import type { DashboardDeps } from '../deps.js'
import { Facts, When, scenarioHref } from '../components.js'
import { Layout, type Viewer } from '../layout.js'
import { LiveProgress, ReleaseForm } from '../release-form.js'

export function ReviewPage(props: { store: Store; queue: DashboardDeps['queue']; viewer: Viewer & { operator: { csrf: string } } }) {
  const { store, viewer } = props
  const audit = auditStatus(store)
  const active = props.queue?.active() ?? []
  const held = store.listRuns({ status: 'held' })
  return (
    <Layout title="Review" viewer={viewer}>
      <h1>Review</h1>

      <section aria-labelledby="audit-heading">
        <h2 id="audit-heading">Audit chain</h2>
        <p id="audit-status" class={`callout ${audit.ok ? 'callout-good' : 'callout-bad'}`}>
          {audit.ok ? (
            <>
              <strong>Intact.</strong> All {audit.entries} entries recompute and link to their predecessors.
            </>
          ) : (
            <>
              <strong>Broken.</strong> {audit.problem}
            </>
          )}
        </p>
        {audit.last !== undefined ? (
          <Facts
            label="Latest audit entry"
            items={[
              ['Latest entry', `#${audit.last.seq} ${audit.last.action} ${audit.last.subject}`],
              ['By', audit.last.actor],
              ['At', <When iso={audit.last.at} />],
            ]}
          />
        ) : null}
      </section>

      <section aria-labelledby="active-heading">
        <h2 id="active-heading">Runs in progress</h2>
        {active.length === 0 ? (
          <p>No run is queued or running.</p>
        ) : (
          <ul class="plain">
            {active.map((e) => (
              <li>
                <LiveProgress id={e.id} state={e.state} fraction={e.progress.fraction} message={e.progress.message} label={`${e.meta.scenario}@${e.meta.version}, seed ${e.meta.seed}`} />
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="held-heading">
        <h2 id="held-heading">Held runs ({held.length})</h2>
        {held.length === 0 ? (
          <p>No run is held.</p>
        ) : (
          <ul class="plain held">
            {held.map((run) => {
              const failing = run.verdicts.filter((v) => v.status === 'fail' && v.severity === 'block')
              const title = store.getScenario(run.scenario, run.version)?.title ?? run.scenario
              return (
                <li class="card" id={`held-${run.id}`}>
                  <h3>
                    <a href={`/runs/${encodeURIComponent(run.id)}`}>{title}</a> <span class="subtitle">seed {run.seed}</span>
                  </h3>
                  <p class="meta">
                    <a href={scenarioHref(run.scenario)}>
                      <code>{`${run.scenario}@${run.version}`}</code>
                    </a>{' '}
                    · finished <When iso={run.finishedAt} />
                  </p>
                  <ul>
                    {failing.map((v) => (
                      <li>
                        <strong>{v.title}</strong>: {v.message}
                      </li>
                    ))}
                  </ul>
                  <ReleaseForm runId={run.id} csrf={viewer.operator.csrf} />
                </li>
              )
            })}
          </ul>
        )}
      </section>
    </Layout>
  )
}

function auditStatus(store: Store) {
  try {
    const v = store.verifyAudit()
    const all = store.listAudit({ offset: Math.max(0, v.entries - 1), limit: 1 })
    return { ok: v.ok, entries: v.entries, problem: v.broken ? `Entry #${v.broken.seq} does not verify: ${v.broken.reason}` : '', last: all[all.length - 1] }
  } catch (e) {
    return { ok: false, entries: 0, problem: (e as Error).message, last: undefined }
  }
}
