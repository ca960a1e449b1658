/**
 * `bund data generate` writes a synthetic dataset as CSV or JSON Lines, labels included (it is the
 * host's view: both partitions, a `partition` column first); `bund data describe` prints a kind's
 * contract. Everything the user typed is checked before anything is generated or written.
 */
import { createWriteStream, renameSync, rmSync } from 'node:fs'
import { basename, dirname, extname, join, resolve } from 'node:path'
import { finished } from 'node:stream/promises'
import type { Writable } from 'node:stream'
import { DATASET_KINDS, type DatasetKind } from '@bund/sdk'
import { SingleBar } from 'cli-progress'
import { defineCommand } from 'citty'
import { z } from 'zod'
import { DATASET_KIND_NAMES, GENERATORS, generateDataset, MAX_GENERATED_ROWS, parseDatasetOptions, type TableFormat, writeTable } from '../../data/index.js'
import { BundError } from '../../kernel/index.js'
import { MAX_ROWS } from '../../model/index.js'
import { parseParams, parseSeed } from '../options.js'

function parseKind(value: string | undefined): DatasetKind {
  if (value === undefined || value === '') throw new BundError('USAGE', `--kind is required; one of ${DATASET_KIND_NAMES.join(', ')}`)
  if (!(DATASET_KIND_NAMES as string[]).includes(value)) throw new BundError('USAGE', `--kind must be one of ${DATASET_KIND_NAMES.join(', ')}; got "${value}"`)
  return value as DatasetKind
}

function parseCount(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback
  const n = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN
  if (!Number.isSafeInteger(n) || n < min || n > MAX_ROWS) throw new BundError('USAGE', `--${name} must be an integer from ${min} to ${MAX_ROWS}, got "${value}"`)
  return n
}

function parseFormat(value: string | undefined, out: string | undefined): TableFormat {
  if (value !== undefined) {
    if (value !== 'csv' && value !== 'jsonl') throw new BundError('USAGE', `--format must be csv or jsonl, got "${value}"`)
    return value
  }
  return out !== undefined && /\.(jsonl|ndjson)$/i.test(out) ? 'jsonl' : 'csv'
}

/** `out.csv` -> `out.participants.csv`. */
function companionPath(out: string, companion: string): string {
  const ext = extname(out)
  return join(dirname(out), `${basename(out, ext)}.${companion}${ext}`)
}

/** Writes through a temporary file renamed into place, so a failed run leaves no half-written file. */
async function writeFileAtomically(path: string, fill: (out: Writable) => Promise<void>): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`
  const stream = createWriteStream(temp)
  try {
    await fill(stream)
    stream.end()
    await finished(stream)
    renameSync(temp, path)
  } catch (e) {
    stream.destroy()
    rmSync(temp, { force: true })
    throw e
  }
}

const generate = defineCommand({
  meta: { name: 'generate', description: 'Write a synthetic dataset (both partitions, labels included) as CSV or JSON Lines' },
  args: {
    kind: { type: 'string', description: `Dataset kind: ${DATASET_KIND_NAMES.join(', ')}`, valueHint: 'kind' },
    rows: { type: 'string', description: 'Rows of the evaluation partition (default 1000)', valueHint: 'N' },
    training: { type: 'string', description: 'Rows of the training partition, generated first (default 0)', valueHint: 'N' },
    seed: { type: 'string', description: 'Seed (default 1): the same seed gives the same bytes', valueHint: 'N' },
    options: { type: 'string', description: 'Generator options as a JSON object, e.g. {"launderingRate":0.01}', valueHint: 'json' },
    pii: { type: 'boolean', description: 'Add synthetic personal-data columns (credit-applicants, sme-loans)' },
    out: { type: 'string', description: 'Output file (default: standard output); companions go beside it', valueHint: 'file' },
    format: { type: 'string', description: 'csv or jsonl (default: from --out, else csv)', valueHint: 'csv|jsonl' },
  },
  async run({ args }) {
    const kind = parseKind(args.kind)
    const rows = parseCount('rows', args.rows, 1000, 1)
    const trainingRows = parseCount('training', args.training, 0, 0)
    const seed = parseSeed(args.seed)
    const format = parseFormat(args.format, args.out)
    let options: Record<string, unknown>
    try {
      options = parseParams(args.options)
    } catch {
      throw new BundError('USAGE', `--options must be a JSON object, got "${args.options}"`)
    }
    parseDatasetOptions(kind, options)
    if (args.pii && !DATASET_KINDS[kind].pii) throw new BundError('USAGE', `--pii: ${kind} has no personal-data columns; credit-applicants and sme-loans do`)

    const dataset = generateDataset({ kind, rows, trainingRows, seed, options, pii: args.pii === true })
    const total = dataset.training.rows + dataset.evaluation.rows
    const out = args.out === undefined ? undefined : resolve(args.out)
    const bar = out !== undefined && process.stderr.isTTY ? new SingleBar({ format: '  {bar} {percentage}% | {value}/{total} rows', hideCursor: true, clearOnComplete: true }) : undefined
    const fill = async (stream: Writable) => {
      bar?.start(total, 0)
      await writeTable(dataset.training, stream, { format, constants: { partition: 'training' }, onProgress: (n) => bar?.update(n) })
      const offset = dataset.training.rows
      await writeTable(dataset.evaluation, stream, { format, header: false, constants: { partition: 'evaluation' }, onProgress: (n) => bar?.update(offset + n) })
      bar?.stop()
    }
    if (out === undefined) {
      await fill(process.stdout)
      for (const name of Object.keys(dataset.companions ?? {})) process.stderr.write(`bund: the ${name} table is written only with --out\n`)
      return
    }
    await writeFileAtomically(out, fill)
    const written = [out]
    for (const [name, table] of Object.entries(dataset.companions ?? {})) {
      const path = companionPath(out, name)
      await writeFileAtomically(path, (stream) => writeTable(table, stream, { format }))
      written.push(path)
    }
    process.stderr.write(`wrote ${total} rows of ${kind} (training ${dataset.training.rows}, evaluation ${dataset.evaluation.rows}) to ${written.join(', ')}\n`)
  },
})

/** A kind's options as JSON Schema properties: type, bounds and default. */
function optionsOf(kind: DatasetKind): Record<string, { type?: string; minimum?: number; maximum?: number; default?: unknown }> {
  const schema = z.toJSONSchema(GENERATORS[kind].options as z.ZodType, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, never> }
  return schema.properties ?? {}
}

const describe = defineCommand({
  meta: { name: 'describe', description: "Print a dataset kind's columns, labels, protected attributes, companions and options" },
  args: {
    kind: { type: 'string', description: `Dataset kind: ${DATASET_KIND_NAMES.join(', ')}`, valueHint: 'kind' },
    json: { type: 'boolean', description: 'Print one JSON object' },
  },
  run({ args }) {
    const kind = parseKind(args.kind)
    const meta = DATASET_KINDS[kind]
    const options = optionsOf(kind)
    if (args.json) {
      process.stdout.write(`${JSON.stringify({ kind, columns: meta.columns, labels: meta.labels, protected: meta.protected, companions: meta.companions, pii: meta.pii, options })}\n`)
      return
    }
    const lines = [`${kind}`, '', 'columns:']
    for (const [name, type] of Object.entries(meta.columns)) lines.push(`  ${name.padEnd(22)} ${type}${(meta.protected as readonly string[]).includes(name) ? '  (protected)' : ''}`)
    lines.push('labels (withheld from the evaluation partition):')
    for (const [name, type] of Object.entries(meta.labels)) lines.push(`  ${name.padEnd(22)} ${type}`)
    lines.push(`protected attributes: ${meta.protected.length > 0 ? meta.protected.join(', ') : 'none'}`)
    const companions = Object.entries(meta.companions as Record<string, Record<string, string>>)
    lines.push(`companions: ${companions.length > 0 ? '' : 'none'}`)
    for (const [name, columns] of companions) {
      lines.push(`  ${name} (ctx.related.<dataset>.${name}):`)
      for (const [column, type] of Object.entries(columns)) lines.push(`    ${column.padEnd(20)} ${type}`)
    }
    lines.push(`pii: ${meta.pii ? 'yes (request pii: true adds fullName, nationalId, phone)' : 'no'}`)
    lines.push('options:')
    for (const [name, o] of Object.entries(options)) {
      const range = o.minimum !== undefined || o.maximum !== undefined ? ` ${o.minimum ?? ''}..${o.maximum ?? ''}` : ''
      lines.push(`  ${name.padEnd(22)} ${o.type ?? ''}${range}${o.default !== undefined ? `, default ${o.default}` : ''}`)
    }
    lines.push(`rows: 1..${MAX_ROWS} per partition, ${MAX_GENERATED_ROWS} in all`)
    process.stdout.write(`${lines.join('\n')}\n`)
  },
})

export default defineCommand({
  meta: { name: 'data' },
  subCommands: { generate, describe },
})
