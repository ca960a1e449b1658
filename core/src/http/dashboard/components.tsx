/** Small pieces the pages share: badges, the verdict table, charts, definition lists, formatting. */
import type { Child } from 'hono/jsx'
import type { Verdict, Publication, RunRecord } from '../../model/index.js'
import type { ChartSpec } from './charts/index.js'
import { ChartSvg } from './charts/svg.js'
import { directionOf } from './directions.js'
import { TEXT_CAP, clip } from './clip.js'
import type { Translator } from './i18n/index.js'

export { TEXT_CAP, clip }

export type Gate = 'passed' | 'warnings' | 'released' | 'withdrawn' | 'held' | 'failed'

/** How a publication came through the gate. */
export function gateOfPublication(p: Publication): Gate {
  if (p.withdrawn !== undefined) return 'withdrawn'
  if (p.releasedBy !== undefined) return 'released'
  return p.verdicts.some((v) => v.status !== 'pass') ? 'warnings' : 'passed'
}

export function gateOfRun(r: RunRecord): Gate {
  if (r.status === 'published') return r.release !== undefined ? 'released' : r.verdicts.some((v) => v.status !== 'pass') ? 'warnings' : 'passed'
  return r.status
}

function gateText(t: Translator, gate: Gate): string {
  const { m } = t
  return { passed: m.gatePassed, warnings: m.gateWarnings, released: m.gateReleased, withdrawn: m.gateWithdrawn, held: m.gateHeld, failed: m.gateFailed }[gate]
}

/** The gate's outcome as a badge: words first, colour second. */
export function GateBadge(props: { gate: Gate; t: Translator }) {
  return (
    <span class={`badge gate-${props.gate}`} data-gate={props.gate}>
      {gateText(props.t, props.gate)}
    </span>
  )
}

export function StatusBadge(props: { status: Verdict['status']; t: Translator }) {
  return (
    <span class={`badge status-${props.status}`} data-status={props.status}>
      {props.t.status(props.status)}
    </span>
  )
}

/**
 * Every verdict: rule, status, figure against threshold with the direction that is good, the
 * sentence that explains it, the remedy when it did not pass, the citation.
 */
export function VerdictTable(props: { verdicts: Verdict[]; caption: string; t: Translator }) {
  const { t } = props
  const { m } = t
  return (
    <div class="table-wrap">
      <table class="verdicts">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{m.colRule}</th>
            <th scope="col">{m.colResult}</th>
            <th scope="col" class="num">
              {m.colFigure}
            </th>
            <th scope="col" class="num">
              {m.colThreshold}
            </th>
            <th scope="col">{m.colMeasured}</th>
          </tr>
        </thead>
        <tbody>
          {props.verdicts.map((v) => {
            const remedy = v.status === 'pass' ? undefined : t.ruleRemedy(v)
            const direction = directionOf(v.check)
            const sentence = t.verdictSentence(v)
            return (
              <tr data-rule={v.rule} data-direction={direction}>
                <th scope="row">
                  <span class="rule-title">{t.ruleTitle(v)}</span>
                  <code class="rule-id">{v.rule}</code>
                  <span class="severity">{v.severity === 'block' ? m.blocking : m.warningOnly}</span>
                </th>
                <td data-label={m.colResult}>
                  <StatusBadge status={v.status} t={t} />
                </td>
                <td class="num" data-label={m.colFigure}>
                  {t.figure(v.figure)}
                </td>
                <td class="num" data-label={m.colThreshold}>
                  {t.figure(v.threshold)}
                  <span class="direction">{t.direction(direction)}</span>
                </td>
                <td data-label={m.colMeasured}>
                  {sentence !== undefined ? (
                    clip(sentence, TEXT_CAP.long)
                  ) : (
                    // A verdict recorded before sentences had catalogue keys: the outcome from its data, and the English original.
                    <>
                      {v.figure !== null && v.threshold !== null && direction !== 'zero' ? m.verdictSummary(t.status(v.status), t.figure(v.figure), t.figure(v.threshold), t.direction(direction)) : m.verdictSummaryNoFigure(t.status(v.status))}
                      <span class="original" lang="en">
                        {m.checkSentence}: {clip(v.message, TEXT_CAP.long)}
                      </span>
                    </>
                  )}
                  {v.disabledReason !== undefined ? <span class="disabled-reason">{m.disabledBy(clip(v.disabledReason, TEXT_CAP.long))}</span> : null}
                  {remedy !== undefined ? (
                    <span class="remedy">
                      <strong>{m.remedy}:</strong> {remedy}
                    </span>
                  ) : null}
                  <span class="citation">{v.citation}</span>
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

/**
 * A chart: a canvas the browser script draws, its data as JSON, the same chart as static SVG (for
 * print and PDF, and whenever the script does not run), and the same numbers as a table.
 */
export function Chart(props: { spec: ChartSpec; t: Translator; /** Data table open (the printed report). */ open?: boolean }) {
  const { spec, t } = props
  const json = JSON.stringify(spec).replace(/</g, '\\u003c')
  return (
    <figure class="chart" id={`chart-${spec.id}`} data-chart={spec.id}>
      <figcaption>
        <strong>{spec.title}</strong>
        <span>{spec.description}</span>
      </figcaption>
      <div class="chart-box">
        <canvas role="img" aria-label={t.m.chartAlt(spec.title, spec.description)}></canvas>
      </div>
      <div class="chart-static">
        <ChartSvg spec={spec} t={t} />
      </div>
      <script type="application/json" class="chart-spec" dangerouslySetInnerHTML={{ __html: json }}></script>
      <details open={props.open === true ? true : undefined}>
        <summary>{t.m.dataTable(spec.title)}</summary>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                {spec.table.columns.map((c) => (
                  <th scope="col">{c}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {spec.table.rows.map((row) => (
                <tr>
                  {row.map((cell, i) =>
                    i === 0 ? <th scope="row">{cellText(t, cell)}</th> : <td class={typeof cell === 'number' ? 'num' : undefined}>{cellText(t, cell)}</td>,
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  )
}

function cellText(t: Translator, cell: string | number): string {
  return typeof cell === 'number' ? t.num(cell, 5) : cell
}

/** A list of term / value pairs. */
export function Facts(props: { items: Array<[string, Child]>; label?: string }) {
  return (
    <dl class="facts" aria-label={props.label}>
      {props.items.map(([term, value]) => (
        <div>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  )
}

/** A hash, shortened for the eye, whole for copying and screen readers. */
export function Hash(props: { value: string }) {
  return (
    <code class="hash" title={props.value}>
      {props.value}
    </code>
  )
}

export function When(props: { iso: string; t: Translator }) {
  return <time datetime={props.iso}>{props.t.date(props.iso)}</time>
}

/** `/scenarios/org/name`: scenario ids are `org/name`, each part a path segment. */
export function scenarioHref(id: string): string {
  return `/scenarios/${id.split('/').map(encodeURIComponent).join('/')}`
}
