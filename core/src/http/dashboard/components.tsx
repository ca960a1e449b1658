/** Small pieces the pages share: badges, the verdict table, charts, definition lists, formatting. */
import type { Child } from 'hono/jsx'
import type { Verdict } from '../../compliance/verdict.js'
import type { Publication, RunRecord } from '../../store/records.js'
import type { ChartSpec } from './charts/index.js'

export type Gate = 'passed' | 'warnings' | 'released' | 'withdrawn' | 'held' | 'failed'

const GATE_TEXT: Record<Gate, string> = {
  passed: 'Passed',
  warnings: 'Passed with warnings',
  released: 'Released by operator',
  withdrawn: 'Withdrawn',
  held: 'Held',
  failed: 'Failed',
}

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

/** The gate's outcome as a badge: words first, colour second. */
export function GateBadge(props: { gate: Gate }) {
  return <span class={`badge gate-${props.gate}`}>{GATE_TEXT[props.gate]}</span>
}

const STATUS_TEXT: Record<string, string> = { pass: 'Pass', warn: 'Warning', fail: 'Fail', disabled: 'Disabled' }

export function StatusBadge(props: { status: Verdict['status'] }) {
  return <span class={`badge status-${props.status}`}>{STATUS_TEXT[props.status] ?? props.status}</span>
}

/** Every verdict: rule, status, figure against threshold, the sentence that explains it, the citation. */
export function VerdictTable(props: { verdicts: Verdict[]; caption: string }) {
  return (
    <div class="table-wrap">
      <table class="verdicts">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">Rule</th>
            <th scope="col">Result</th>
            <th scope="col" class="num">
              Figure
            </th>
            <th scope="col" class="num">
              Threshold
            </th>
            <th scope="col">What was measured</th>
          </tr>
        </thead>
        <tbody>
          {props.verdicts.map((v) => (
            <tr data-rule={v.rule}>
              <th scope="row">
                <span class="rule-title">{v.title}</span>
                <code class="rule-id">{v.rule}</code>
                <span class="severity">{v.severity === 'block' ? 'blocking' : 'warning only'}</span>
              </th>
              <td data-label="Result">
                <StatusBadge status={v.status} />
              </td>
              <td class="num" data-label="Figure">
                {formatFigure(v.figure)}
              </td>
              <td class="num" data-label="Threshold">
                {formatFigure(v.threshold)}
              </td>
              <td data-label="Measured">
                {v.message}
                {v.disabledReason !== undefined ? <span class="disabled-reason">Disabled by the operator: {v.disabledReason}</span> : null}
                <span class="citation">{v.citation}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** A chart: a canvas the browser script draws, its data as JSON, and the same data as a table. */
export function Chart(props: { spec: ChartSpec }) {
  const { spec } = props
  const json = JSON.stringify(spec).replace(/</g, '\\u003c')
  return (
    <figure class="chart" id={`chart-${spec.id}`} data-chart={spec.id}>
      <figcaption>
        <strong>{spec.title}</strong>
        <span>{spec.description}</span>
      </figcaption>
      <div class="chart-box">
        <canvas role="img" aria-label={`${spec.title}. ${spec.description}`}></canvas>
      </div>
      <script type="application/json" class="chart-spec" dangerouslySetInnerHTML={{ __html: json }}></script>
      <details>
        <summary>Data table: {spec.title}</summary>
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
                  {row.map((cell, i) => (i === 0 ? <th scope="row">{String(cell)}</th> : <td class={typeof cell === 'number' ? 'num' : undefined}>{String(cell)}</td>))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  )
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

export function When(props: { iso: string }) {
  return <time datetime={props.iso}>{props.iso.replace('T', ' ').slice(0, 16)} UTC</time>
}

export function formatFigure(x: number | null): string {
  if (x === null) return '—'
  if (Number.isInteger(x)) return String(x)
  return Math.abs(x) >= 100 ? x.toFixed(1) : x.toFixed(3)
}

/** The command that re-runs a publication from its seed. */
export function rerunCommand(p: Pick<Publication, 'scenario' | 'version' | 'seed' | 'rows' | 'params'>): string {
  const parts = ['npx bund run', `${p.scenario}@${p.version}`, `--seed ${p.seed}`]
  if (p.rows !== null) parts.push(`--rows ${p.rows}`)
  const params = JSON.stringify(p.params ?? {})
  if (params !== '{}') parts.push(`--params '${params.replace(/'/g, `'\\''`)}'`)
  return parts.join(' ')
}

/** `/scenarios/org/name`: scenario ids are `org/name`, each part a path segment. */
export function scenarioHref(id: string): string {
  return `/scenarios/${id.split('/').map(encodeURIComponent).join('/')}`
}
