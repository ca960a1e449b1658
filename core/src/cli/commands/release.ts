import { defineCommand } from 'citty'
import { BundError } from '../../kernel/index.js'
import { dataDir, dataDirArg } from '../options.js'
import { openForWriting } from '../open-store.js'

export default defineCommand({
  meta: { name: 'release' },
  args: {
    run: { type: 'positional', description: 'The held run id (run_…)', required: true },
    reason: { type: 'string', description: 'Why it is released (required)', valueHint: 'text' },
    json: { type: 'boolean', description: 'Print the publication as JSON' },
    ...dataDirArg,
  },
  async run({ args }) {
    if (args.reason === undefined || args.reason.trim() === '') throw new BundError('USAGE', 'release needs --reason "…": it is recorded in the audit chain')
    const store = await openForWriting(dataDir(args['data-dir']), {}, `POST /api/v1/held/${args.run}/release { "reason": "…" }`)
    try {
      const p = await store.releaseRun(args.run, 'cli', args.reason)
      process.stdout.write(args.json ? `${JSON.stringify(p)}\n` : `released ${args.run} as ${p.id} (signed by key ${p.keyId.slice(0, 16)}…)\n`)
    } finally {
      await store.close()
    }
  },
})
