/**
 * One run. A finished run shows its outcome and report (anyone may see a published one; a held or
 * failed one only an operator); a queued or running one shows live progress to an operator.
 */
import type { RunRecord } from '../../../model/index.js'
import type { Store } from '../../../store/store.js'
import type { DashboardDeps } from '../deps.js'
import { Facts, GateBadge, Hash, TEXT_CAP, VerdictTable, When, clip, gateOfRun, scenarioHref } from '../components.js'
import { Layout, type Viewer } from '../layout.js'
import { LiveProgress, ReleaseForm } from '../release-form.js'

type QueueEntry = NonNullable<ReturnType<NonNullable<DashboardDeps['queue']>['get']>>

export async function RunPage(props: { store: Store; viewer: Viewer; run: RunRecord; releaseError?: string; reason?: string }) {
  const { store, viewer, run } = props
  const { t } = viewer
  const { m } = t
  const title = clip((await store.getScenario(run.scenario, run.version))?.title ?? run.scenario, TEXT_CAP.title)
  const failing = run.verdicts.filter((v) => v.status === 'fail' && v.severity === 'block')
  return (
    <Layout title={m.runTitle(run.id)} viewer={viewer}>
      <nav aria-label={m.breadcrumb} class="crumbs">
        <a href="/">{m.navOverview}</a> › <a href={scenarioHref(run.scenario)}>{title}</a> › <span aria-current="page">{m.runCrumb}</span>
      </nav>
      <h1>
        {m.runOf(title)} <span class="subtitle">{m.versionSeed(run.version, t.num(run.seed, 0))}</span>
      </h1>
      <p class="gate-line">
        <GateBadge gate={gateOfRun(run)} t={t} />
        <span>
          {m.finished} <When iso={run.finishedAt} t={t} />.
        </span>
        {run.publicationId !== undefined ? <a href={`/publications/${encodeURIComponent(run.publicationId)}`}>{m.seePublication}</a> : null}
      </p>
      {run.status === 'held' ? <p class="callout callout-warn">{m.heldNote(failing.length, failing.map((v) => t.ruleTitle(v)).join('; '))}</p> : null}
      {run.error !== undefined ? (
        <p class="callout callout-bad">
          <strong>{run.error.code}</strong>: {run.error.message}
        </p>
      ) : null}
      {run.release !== undefined ? (
        <p class="callout">
          {m.releasedWord} <When iso={run.release.at} t={t} /> {m.releasedRunNote(run.release.by, run.release.reason)}
        </p>
      ) : null}

      {run.status === 'held' && viewer.operator !== undefined ? (
        <section aria-labelledby="release-heading">
          <h2 id="release-heading">{m.releaseHeading}</h2>
          <p>{m.releaseText}</p>
          <ReleaseForm t={t} runId={run.id} csrf={viewer.operator.csrf} error={props.releaseError} reason={props.reason} />
        </section>
      ) : null}

      {run.verdicts.length > 0 ? (
        <section aria-labelledby="report-heading">
          <h2 id="report-heading">{m.reportHeading}</h2>
          <VerdictTable verdicts={run.verdicts} caption={m.runReportCaption} t={t} />
        </section>
      ) : null}

      <section aria-labelledby="details-heading">
        <h2 id="details-heading">{m.detailsHeading}</h2>
        <Facts
          label={m.detailsHeading}
          items={[
            [m.factRun, <code>{run.id}</code>],
            [m.factScenario, <code>{`${run.scenario}@${run.version}`}</code>],
            [m.factSeed, String(run.seed)],
            [m.factBundle, <Hash value={run.bundleSha256} />],
            [m.factOutput, run.outputHash === null ? m.noOutput : <Hash value={run.outputHash} />],
            [m.factStarted, <When iso={run.startedAt} t={t} />],
            [m.factResources, m.resources(t.num(Math.round(run.resources.wallMs), 0), t.num(Math.round(run.resources.cpuMs), 0), t.num(run.resources.heapPeakBytes / 1e6, 1))],
          ]}
        />
      </section>
      {viewer.operator !== undefined && run.logs.length > 0 ? (
        <section aria-labelledby="logs-heading">
          <h2 id="logs-heading">{m.logHeading}</h2>
          <pre class="logs" tabindex={0} aria-label={m.logHeading}>
            {run.logs.map((l) => `${l.level.padEnd(5)} ${clip(l.message, TEXT_CAP.long)}`).join('\n')}
          </pre>
          {run.logsTruncated === true ? <p class="note">{m.logTruncated}</p> : null}
        </section>
      ) : null}
    </Layout>
  )
}

export function QueuedRunPage(props: { viewer: Viewer; entry: QueueEntry }) {
  const { entry } = props
  const { t } = props.viewer
  const { m } = t
  const meta = entry.meta
  return (
    <Layout title={m.runTitle(entry.id)} viewer={props.viewer}>
      <nav aria-label={m.breadcrumb} class="crumbs">
        <a href="/">{m.navOverview}</a> › <a href="/review">{m.navReview}</a> › <span aria-current="page">{m.runCrumb}</span>
      </nav>
      <h1>
        {m.runOf(meta.scenario)} <span class="subtitle">{m.versionSeed(meta.version, t.num(meta.seed, 0))}</span>
      </h1>
      <LiveProgress id={entry.id} state={entry.state} fraction={entry.progress.fraction} message={entry.progress.message} label={m.progress} t={t} />
      <Facts
        label={m.runRequest}
        items={[
          [m.queueId, <code>{entry.id}</code>],
          [m.submitted, <When iso={entry.submittedAt} t={t} />],
          [m.requestedBy, meta.actor],
        ]}
      />
    </Layout>
  )
}
