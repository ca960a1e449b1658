import { defineCommand } from 'citty'
import { BundError } from '../../kernel/index.js'
import { issueToken } from '../../http/tokens.js'
import { openStore } from '../../store/index.js'
import { callApi, serverArgs } from '../api-call.js'
import { openForWriting } from '../open-store.js'
import { dataDir, dataDirArg } from '../options.js'

const create = defineCommand({
  meta: { name: 'create', description: 'Issue an API token; it is printed once and only its sha256 is stored' },
  args: {
    role: { type: 'string', description: 'operator or author', valueHint: 'operator|author', required: true },
    org: { type: 'string', description: 'The author org (authors only): the part of its scenario ids before the slash', valueHint: 'org' },
    label: { type: 'string', description: 'A note on whom the token is for', valueHint: 'text' },
    json: { type: 'boolean', description: 'Print { id, role, org, token } as JSON' },
    ...dataDirArg,
    ...serverArgs,
  },
  async run({ args }) {
    if (args.role !== 'operator' && args.role !== 'author') throw new BundError('USAGE', `--role must be operator or author, got "${args.role}"`)
    const print = (record: { id: string; role: string; org?: string | undefined }, token: string) => {
      if (args.json) {
        process.stdout.write(`${JSON.stringify({ id: record.id, role: record.role, ...(record.org ? { org: record.org } : {}), token })}\n`)
        return
      }
      process.stderr.write(`issued ${record.role} token ${record.id}${record.org ? ` for org ${record.org}` : ''}; it is shown once, keep it secret:\n`)
      process.stdout.write(`${token}\n`)
    }
    if (args.server !== undefined) {
      // Beside a running server (which holds the data directory): the same token, by its API.
      const answer = await callApi(args.server, args.token, 'POST', '/api/v1/tokens', { role: args.role, ...(args.org ? { org: args.org } : {}), ...(args.label ? { label: args.label } : {}) })
      print({ id: String(answer['id']), role: String(answer['role']), ...(typeof answer['org'] === 'string' ? { org: answer['org'] } : {}) }, String(answer['token']))
      return
    }
    const viaServer = `bund token create --role ${args.role}${args.org ? ` --org ${args.org}` : ''} --server <its URL> --token <an operator token> (POST /api/v1/tokens)`
    const store = await openForWriting(dataDir(args['data-dir']), {}, viaServer)
    try {
      const { token, record } = await issueToken(store, { role: args.role, org: args.org, label: args.label }, 'cli')
      print(record, token)
    } finally {
      await store.close()
    }
  },
})

const list = defineCommand({
  meta: { name: 'list', description: 'List issued tokens (never their secrets)' },
  args: { json: { type: 'boolean', description: 'Print JSON' }, ...dataDirArg },
  async run({ args }) {
    const store = await openStore(dataDir(args['data-dir']), { readOnly: true })
    try {
      const tokens = (await store.listTokens()).map(({ hash: _hash, ...t }) => t)
      if (args.json) {
        process.stdout.write(`${JSON.stringify(tokens)}\n`)
        return
      }
      if (tokens.length === 0) process.stdout.write('no tokens: issue one with bund token create --role operator\n')
      for (const t of tokens) process.stdout.write(`${t.id.padEnd(18)} ${t.role.padEnd(9)} ${(t.org ?? '').padEnd(16)} ${t.revokedAt ? `revoked ${t.revokedAt}` : `created ${t.createdAt}`}${t.label ? `  ${t.label}` : ''}\n`)
    } finally {
      await store.close()
    }
  },
})

const revoke = defineCommand({
  meta: { name: 'revoke', description: 'Revoke a token by its id' },
  args: { id: { type: 'positional', description: 'The token id (tok_…)', required: true }, ...dataDirArg },
  async run({ args }) {
    const store = await openForWriting(dataDir(args['data-dir']), {}, `DELETE /api/v1/tokens/${args.id}`)
    try {
      if (!(await store.listTokens()).some((t) => t.id === args.id)) throw new BundError('NOT_FOUND', `no token ${args.id}; bund token list shows them`)
      const record = await store.revokeToken(args.id, 'cli')
      process.stdout.write(`revoked ${record.id} (${record.role}${record.org ? ` of ${record.org}` : ''})\n`)
    } finally {
      await store.close()
    }
  },
})

export default defineCommand({
  meta: { name: 'token' },
  subCommands: { create, list, revoke },
})
