import { defineCommand } from 'citty'
import { BundError } from '../../kernel/index.js'
import { dataDir, dataDirArg } from '../options.js'
import { openForWriting } from '../open-store.js'

export default defineCommand({
  meta: { name: 'withdraw' },
  args: {
    publication: { type: 'positional', description: 'The publication id (pub_…)', required: true },
    reason: { type: 'string', description: 'Why it is withdrawn (required)', valueHint: 'text' },
    json: { type: 'boolean', description: 'Print the publication as JSON' },
    ...dataDirArg,
  },
  async run({ args }) {
    if (args.reason === undefined || args.reason.trim() === '') throw new BundError('USAGE', 'withdraw needs --reason "…": it is recorded in the audit chain')
    const store = await openForWriting(dataDir(args['data-dir']), {}, `POST /api/v1/publications/${args.publication}/withdraw { "reason": "…" }`)
    try {
      const p = await store.withdrawPublication(args.publication, 'cli', args.reason)
      process.stdout.write(args.json ? `${JSON.stringify(p)}\n` : `withdrew ${p.id} at ${p.withdrawn?.at}\n`)
    } finally {
      await store.close()
    }
  },
})
