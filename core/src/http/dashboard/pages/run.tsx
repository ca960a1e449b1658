/**
 * One run. A finished run shows its outcome and report (anyone may see a published one; a held or
 * failed one only an operator); a queued or running one shows live progress to an operator.
 */
import type { RunRecord } from '../../../store/records.js'
import type { Store } from '../../../store/store.js'
import type { DashboardDeps } from '../deps.js'
import { Facts, GateBadge, Hash, VerdictTable, When, gateOfRun, scenarioHref } from '../components.js'
import { Layout, type Viewer } from '../layout.js'
import { LiveProgress, ReleaseForm } from '../release-form.js'

type QueueEntry = NonNullable<ReturnType<NonNullable<DashboardDeps['queue']>['get']>>

export function RunPage(props: { store: Store; viewer: Viewer; run: RunRecord; releaseError?: string; reason?: string }) {
  const { store, viewer, run } = props
  const title = store.getScenario(run.scenario, run.version)?.title ?? run.scenario
  const failing = run.verdicts.filter((v) => v.status === 'fail' && v.severity === 'block')
  return (
    <Layout title={`Run ${run.id}`} viewer={viewer}>
      <nav aria-label="Breadcrumb" class="crumbs">
        <a href="/">Overview</a> › <a href={scenarioHref(run.scenario)}>{title}</a> › <span aria-current="page">run</span>
      </nav>
      <h1>
        Run of {title} <span class="subtitle">v{run.version}, seed {run.seed}</span>
      </h1>
      <p class="gate-line">
        <GateBadge gate={gateOfRun(run)} />
        <span>
          Finished <When iso={run.finishedAt} />.
        </span>
        {run.publicationId !== undefined ? <a href={`/publications/${encodeURIComponent(run.publicationId)}`}>See the publication</a> : null}
      </p>
      {run.status === 'held' ? (
        <p class="callout callout-warn">
          Held: {failing.length} blocking check{failing.length === 1 ? '' : 's'} failed ({failing.map((v) => v.title).join('; ')}). Held results are not public.
        </p>
      ) : null}
      {run.error !== undefined ? (
        <p class="callout callout-bad">
          <strong>{run.error.code}</strong>: {run.error.message}
        </p>
      ) : null}
      {run.release !== undefined ? (
        <p class="callout">
          Released <When iso={run.release.at} /> by {run.release.by}: {run.release.reason}
        </p>
      ) : null}

      {run.status === 'held' && viewer.operator !== undefined ? (
        <section aria-labelledby="release-heading">
          <h2 id="release-heading">Release this run</h2>
          <p>Releasing publishes the result, signed, with the failing checks and your reason shown on it.</p>
          <ReleaseForm runId={run.id} csrf={viewer.operator.csrf} error={props.releaseError} reason={props.reason} />
        </section>
      ) : null}

      {run.verdicts.length > 0 ? (
        <section aria-labelledby="report-heading">
          <h2 id="report-heading">Compliance report</h2>
          <VerdictTable verdicts={run.verdicts} caption="Every check applied to this run" />
        </section>
      ) : null}

      <section aria-labelledby="details-heading">
        <h2 id="details-heading">Details</h2>
        <Facts
          label="Run details"
          items={[
            ['Run', <code>{run.id}</code>],
            ['Scenario', <code>{`${run.scenario}@${run.version}`}</code>],
            ['Seed', String(run.seed)],
            ['Bundle sha256', <Hash value={run.bundleSha256} />],
            ['Output sha256', run.outputHash === null ? 'no output' : <Hash value={run.outputHash} />],
            ['Started', <When iso={run.startedAt} />],
            ['Resources', `${Math.round(run.resources.wallMs)} ms wall, ${Math.round(run.resources.cpuMs)} ms CPU, ${(run.resources.heapPeakBytes / 1e6).toFixed(1)} MB heap peak`],
          ]}
        />
      </section>
      {viewer.operator !== undefined && run.logs.length > 0 ? (
        <section aria-labelledby="logs-heading">
          <h2 id="logs-heading">Scenario log</h2>
          <pre class="logs">{run.logs.map((l) => `${l.level.padEnd(5)} ${l.message}`).join('\n')}</pre>
          {run.logsTruncated === true ? <p class="note">Truncated: the scenario logged more than the run's log limit; only the first lines were kept.</p> : null}
        </section>
      ) : null}
    </Layout>
  )
}

export function QueuedRunPage(props: { viewer: Viewer; entry: QueueEntry }) {
  const { entry } = props
  const meta = entry.meta
  return (
    <Layout title={`Run ${entry.id}`} viewer={props.viewer}>
      <nav aria-label="Breadcrumb" class="crumbs">
        <a href="/">Overview</a> › <a href="/review">Review</a> › <span aria-current="page">run</span>
      </nav>
      <h1>
        Run of {meta.scenario} <span class="subtitle">v{meta.version}, seed {meta.seed}</span>
      </h1>
      <LiveProgress id={entry.id} state={entry.state} fraction={entry.progress.fraction} message={entry.progress.message} label="Progress" />
      <Facts
        label="Run request"
        items={[
          ['Queue id', <code>{entry.id}</code>],
          ['Submitted', <When iso={entry.submittedAt} />],
          ['Requested by', meta.actor],
        ]}
      />
    </Layout>
  )
}
