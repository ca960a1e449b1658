import { defineCommand } from 'citty'
import { BundError } from '../../kernel/index.js'
import { dataDir, dataDirArg } from '../options.js'
import { openForReading } from '../open-store.js'
import { green, red } from '../report.js'

const verify = defineCommand({
  meta: { name: 'verify', description: 'Recompute the audit chain; name the first broken entry (exit 1 when broken)' },
  args: { json: { type: 'boolean', description: 'Print the result as JSON' }, ...dataDirArg },
  async run({ args }) {
    const store = await openForReading(dataDir(args['data-dir']))
    try {
      const result = await store.verifyAudit()
      const last = (await store.listAudit({ offset: Math.max(0, result.entries - 1), limit: 1 })).items[0]
      if (args.json) process.stdout.write(`${JSON.stringify({ ...result, ...(last ? { lastHash: last.hash } : {}) })}\n`)
      else if (result.ok) process.stdout.write(`${green('OK')}  audit chain verifies: ${result.entries} entries${last ? `, last #${last.seq} ${last.hash}` : ''}\n`)
      else process.stdout.write(`${red('BROKEN')}  audit entry #${result.broken?.seq}: ${result.broken?.reason}\n`)
      process.exitCode = result.ok ? 0 : 1
    } finally {
      await store.close()
    }
  },
})

const list = defineCommand({
  meta: { name: 'list', description: 'Print audit entries, oldest first' },
  args: {
    offset: { type: 'string', description: 'Skip this many entries', valueHint: 'N' },
    limit: { type: 'string', description: 'Print at most this many (default 50)', valueHint: 'N' },
    json: { type: 'boolean', description: 'Print JSON lines' },
    ...dataDirArg,
  },
  async run({ args }) {
    const count = (name: string, value: string | undefined, fallback: number) => {
      if (value === undefined) return fallback
      if (!/^\d+$/.test(value)) throw new BundError('USAGE', `--${name} must be a non-negative integer, got "${value}"`)
      return Number(value)
    }
    const store = await openForReading(dataDir(args['data-dir']))
    try {
      for (const e of (await store.listAudit({ offset: count('offset', args.offset, 0), limit: count('limit', args.limit, 50) })).items) {
        process.stdout.write(args.json ? `${JSON.stringify(e)}\n` : `#${String(e.seq).padEnd(6)} ${e.at}  ${e.action.padEnd(22)} ${e.subject}  ${e.actor}\n`)
      }
    } finally {
      await store.close()
    }
  },
})

export default defineCommand({
  meta: { name: 'audit' },
  subCommands: { verify, list },
})
