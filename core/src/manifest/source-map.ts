/**
 * A bundle's source map, and the scenario stacks it maps back to `src/file.ts:line:col`.
 *
 * `bund build` writes `dist/bundle.js.map` beside the bundle; it never goes into the sandbox (the
 * bundle carries no sourceMappingURL). The map names the bundle it belongs to (`x_bundleSha256`),
 * so a map left over from another build is ignored rather than trusted.
 *
 * A stack comes from the isolate, which is hostile: its text can be anything. Only lines that read
 * as frames of the scenario's bundle are kept (so no host frame can ever appear, real or forged),
 * at most MAX_FRAMES of them, each name cut short and stripped of control characters.
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import { SourceMap, type SourceMapPayload } from 'node:module'
import { isAbsolute, join, relative, resolve, sep } from 'node:path'
import { SCENARIO_FILENAME } from '@bund/sdk/runtime'

/** The map's file name beside the bundle. */
export const SOURCE_MAP_FILE = 'bundle.js.map'
/** Frames kept of a scenario's stack. */
export const MAX_FRAMES = 30
/** A map larger than this is not read (bundles are at most 16 MB; their maps stay well below). */
const MAX_MAP_BYTES = 64 * 1024 * 1024
const MAX_NAME = 120

/** One frame of a scenario's stack, mapped to its source when the map knows it. */
export interface StackFrame {
  /** The function's name, when the stack or the map gives one. */
  fn?: string
  /** `src/helpers.ts` (relative to the scenario directory), or `scenario.js` when unmapped. */
  file: string
  /** 1-based line and column. */
  line: number
  column: number
}

/** A scenario's stack as reports carry it: text (one `at …` line per frame) and frames. */
export interface ScenarioStack {
  stack: string
  frames: StackFrame[]
}

/** The map of a bundle, where to resolve its sources from. */
export interface BundleSourceMap {
  payload: SourceMapPayload
  /** The directory that source paths are made relative to (the scenario directory). */
  root: string
  /** The directory the map's `sources` are relative to (dist/). */
  base: string
}

/** Adds the bundle's hash to esbuild's map text, so the map can be matched to its bundle later. */
export function stampSourceMap(mapText: string, bundleSha256: string): string {
  const payload = JSON.parse(mapText) as Record<string, unknown>
  return `${JSON.stringify({ ...payload, x_bundleSha256: bundleSha256 })}\n`
}

/** Reads `dist/bundle.js.map` when it belongs to the bundle of this hash; undefined otherwise. */
export function readSourceMap(scenarioDir: string, distDir: string, bundleSha256: string): BundleSourceMap | undefined {
  const file = join(distDir, SOURCE_MAP_FILE)
  try {
    if (!existsSync(file) || statSync(file).size > MAX_MAP_BYTES) return undefined
    const payload = JSON.parse(readFileSync(file, 'utf8')) as SourceMapPayload & { x_bundleSha256?: unknown }
    if (payload.x_bundleSha256 !== bundleSha256 || !Array.isArray(payload.sources)) return undefined
    return { payload, root: resolve(scenarioDir), base: resolve(distDir) }
  } catch {
    return undefined
  }
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
/** `    at fn (scenario.js:12:34)` or `    at scenario.js:12:34`. */
const FRAME = new RegExp(`^\\s*at (?:(.+?) \\()?${escapeRegExp(SCENARIO_FILENAME)}:(\\d{1,9}):(\\d{1,9})\\)?\\s*$`)

function cleanName(name: string | undefined): string | undefined {
  if (name === undefined) return undefined
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  const clean = name.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').slice(0, MAX_NAME).trim()
  return clean === '' ? undefined : clean
}

/** A source path of the map as the author reads it: relative to the scenario directory. */
function sourcePath(map: BundleSourceMap, source: string): string {
  const absolute = isAbsolute(source) ? source : resolve(map.base, source)
  const rel = relative(map.root, absolute)
  return (rel === '' ? absolute : rel).split(sep).join('/')
}

/**
 * The scenario frames of a stack from the isolate, mapped through the bundle's map when there is
 * one. Lines that are not scenario frames (the message, runtime or forged host frames) are dropped.
 */
export function mapScenarioStack(rawStack: string, map?: BundleSourceMap): ScenarioStack {
  const consumer = map === undefined ? undefined : new SourceMap(map.payload)
  const frames: StackFrame[] = []
  for (const line of rawStack.slice(0, 64 * 1024).split('\n')) {
    if (frames.length >= MAX_FRAMES) break
    const match = FRAME.exec(line)
    if (match === null) continue
    const fn = cleanName(match[1])
    const line1 = Number(match[2])
    const column1 = Number(match[3])
    const entry = consumer?.findEntry(line1 - 1, column1 - 1) as
      | { originalSource?: string; originalLine?: number; originalColumn?: number; name?: string }
      | undefined
    if (map !== undefined && entry?.originalSource !== undefined && entry.originalLine !== undefined && entry.originalColumn !== undefined) {
      const name = fn ?? cleanName(entry.name)
      frames.push({ ...(name === undefined ? {} : { fn: name }), file: sourcePath(map, entry.originalSource), line: entry.originalLine + 1, column: entry.originalColumn + 1 })
    } else {
      frames.push({ ...(fn === undefined ? {} : { fn }), file: SCENARIO_FILENAME, line: line1, column: column1 })
    }
  }
  return { stack: frames.map(formatFrame).join('\n'), frames }
}

export function formatFrame(f: StackFrame): string {
  const where = `${f.file}:${f.line}:${f.column}`
  return f.fn === undefined ? `    at ${where}` : `    at ${f.fn} (${where})`
}

/**
 * A few lines of source around the first frame in the author's own files (not node_modules), with a
 * caret under the column; undefined when there is no such frame or file.
 */
export function codeFrame(frames: readonly StackFrame[], scenarioDir: string, context = 2): string | undefined {
  const root = resolve(scenarioDir)
  const frame = frames.find((f) => !f.file.startsWith('..') && !f.file.includes('node_modules/') && f.file !== SCENARIO_FILENAME)
  if (frame === undefined) return undefined
  const file = resolve(root, frame.file)
  if (!file.startsWith(root + sep) || !existsSync(file)) return undefined
  const lines = readFileSync(file, 'utf8').split('\n')
  const from = Math.max(1, frame.line - context)
  const to = Math.min(lines.length, frame.line + context)
  const width = String(to).length
  const out: string[] = [`${frame.file}:${frame.line}:${frame.column}`]
  for (let n = from; n <= to; n++) {
    const text = (lines[n - 1] ?? '').replace(/\t/g, '  ').slice(0, 160)
    out.push(`${n === frame.line ? '>' : ' '} ${String(n).padStart(width)} | ${text}`)
    if (n === frame.line) out.push(`  ${' '.repeat(width)} | ${' '.repeat(Math.max(0, frame.column - 1))}^`)
  }
  return out.join('\n')
}
