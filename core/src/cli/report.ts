/** Human-readable run reports for the terminal. */
import type { RunReport } from '../runner/run-scenario.js'

const color = process.stdout.isTTY && process.env['NO_COLOR'] === undefined
const paint = (code: number, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s)
export const green = (s: string) => paint(32, s)
export const red = (s: string) => paint(31, s)
export const yellow = (s: string) => paint(33, s)
export const dim = (s: string) => paint(2, s)

/** A figure as a person reads it: ratios to three places, large counts with separators. */
export function formatFigure(x: number | null | undefined): string {
  if (x === null || x === undefined) return '—'
  if (Number.isInteger(x)) return x.toLocaleString('en-US')
  return Math.abs(x) >= 1000 ? x.toFixed(0) : x.toFixed(3)
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}

const STATUS = {
  published: () => green('PUBLISHED'),
  held: () => yellow('HELD'),
  failed: () => red('FAILED'),
}

const VERDICT = {
  pass: () => green('pass'),
  warn: () => yellow('warn'),
  fail: () => red('fail'),
}

/** How `bund dev` and `bund run` frame a report. */
export interface ReportOptions {
  /** Where the bundle came from, e.g. `dist/bundle.js, built 12:03:04`. */
  build?: string
  /** The run went to a throwaway store (`bund dev`): its ids exist nowhere afterwards. */
  temporary?: boolean
  /** Source lines around the throw (see codeFrame), shown under a SCENARIO_THREW. */
  codeFrame?: string
}

/** Frames of a stack shown in the terminal; the report itself keeps up to MAX_FRAMES. */
const SHOWN_FRAMES = 8

/** The full report of one run. */
export function formatRunReport(r: RunReport, options: ReportOptions = {}): string {
  const lines = [
    `${STATUS[r.status]()}  ${r.scenario}@${r.version}  seed ${r.seed}`,
    `  run          ${r.runId}${options.temporary ? dim(' (temporary)') : ''}`,
  ]
  if (r.publicationId) {
    lines.push(`  publication  ${r.publicationId}${options.temporary ? dim(' (temporary: a throwaway dev store, gone when this run ends; bund run publishes for real)') : ''}`)
  }
  lines.push(`  bundle       sha256:${r.bundleSha256.slice(0, 16)}${options.build === undefined ? '' : ` (${options.build})`}`)
  if (r.outputHash) lines.push(`  output       sha256:${r.outputHash}`)
  lines.push(`  resources    wall ${r.resources.wallMs.toFixed(0)} ms · cpu ${r.resources.cpuMs.toFixed(0)} ms · heap peak ${formatBytes(r.resources.heapPeakBytes)}`)
  if (r.error) {
    lines.push(`  error        ${red(r.error.code)}: ${r.error.message.split('\n')[0]}`)
    const frames = r.error.stack?.split('\n') ?? []
    for (const f of frames.slice(0, SHOWN_FRAMES)) lines.push(`      ${dim(f.trim())}`)
    if (frames.length > SHOWN_FRAMES) lines.push(`      ${dim(`… ${frames.length - SHOWN_FRAMES} more frames (--json has them all)`)}`)
    if (options.codeFrame) lines.push('', ...options.codeFrame.split('\n').map((l) => `    ${l}`), '')
  }
  if (r.verdicts.length > 0) {
    lines.push(`  gate         ${gateLine(r)}`)
    lines.push('  verdicts')
    const width = Math.max(...r.verdicts.map((v) => v.rule.length))
    for (const v of r.verdicts) {
      const figure = v.threshold === null ? formatFigure(v.figure) : `${formatFigure(v.figure)} (threshold ${formatFigure(v.threshold)})`
      const blocking = v.status === 'fail' && v.severity === 'block' ? red(' blocking') : ''
      const label = v.disabledReason === undefined ? VERDICT[v.status]() : yellow('off ')
      lines.push(`    ${label}  ${v.rule.padEnd(width)}  ${figure}${blocking}`)
      if (v.message) lines.push(`          ${dim(v.message)}`)
      if (v.status !== 'pass' && v.disabledReason === undefined && v.remedy) lines.push(`          remedy: ${v.remedy}`)
      if (v.disabledReason === undefined && v.evidence !== undefined && Object.keys(v.evidence).length > 0) lines.push(`          ${dim(`evidence ${formatEvidence(v.evidence)}`)}`)
    }
  }
  if (r.logs.length > 0) {
    lines.push('  log')
    for (const l of r.logs.slice(0, 20)) lines.push(`    ${dim(`[${l.level}]`)} ${l.message}`)
    if (r.logs.length > 20) lines.push(`    … ${r.logs.length - 20} more lines`)
  }
  if (r.logsTruncated) lines.push(`  ${yellow('log truncated')}: the scenario logged more than the run's log limit; only the first lines were kept`)
  return lines.join('\n')
}

/** The gate's decision and the count of verdicts behind it. */
function gateLine(r: RunReport): string {
  const count = (status: string, severity?: string) => r.verdicts.filter((v) => v.status === status && (severity === undefined || v.severity === severity)).length
  const disabled = r.verdicts.filter((v) => v.disabledReason !== undefined).length
  const decision = r.status === 'published' ? green('publish') : r.status === 'held' ? yellow('hold') : red('no decision (the run failed)')
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`
  const parts = [`${count('pass')} passed`, plural(count('warn') - disabled, 'warning', 'warnings'), plural(count('fail', 'block'), 'blocking failure', 'blocking failures')]
  if (disabled > 0) parts.push(`${disabled} disabled by the operator`)
  return `${decision} — ${parts.join(', ')}`
}

/** Evidence on one line: numbers to four significant digits, long values cut. */
export function formatEvidence(evidence: Record<string, unknown>, max = 240): string {
  const text = JSON.stringify(evidence, (_key, value: unknown) => (typeof value === 'number' && !Number.isInteger(value) ? Number(value.toPrecision(4)) : value))
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`
}

/** A one-line summary, for the demo table. */
export function formatRunLine(r: RunReport): string {
  const passed = r.verdicts.filter((v) => v.status === 'pass').length
  const status = STATUS[r.status]()
  const detail = r.error ? `${r.error.code}: ${r.error.message.split('\n')[0]}` : `${passed}/${r.verdicts.length} checks passed`
  return `${status.padEnd(color ? 18 : 9)}  ${`${r.scenario}@${r.version}`.padEnd(36)}  ${`${r.resources.wallMs.toFixed(0)} ms`.padStart(8)}  ${detail}`
}
