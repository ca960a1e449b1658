import { defineCommand } from 'citty'
import { BundError } from '../../kernel/index.js'
import { keyHistory, loadSigningKey } from '../../store/signing.js'
import { openStore } from '../../store/index.js'
import { dataDir, dataDirArg, databaseUrlArg, databaseUrlOf } from '../options.js'
import { openForWriting } from '../open-store.js'

export default defineCommand({
  meta: { name: 'keys' },
  args: {
    action: { type: 'positional', description: 'show (default), list, or rotate', required: false, valueHint: 'show|list|rotate' },
    reason: { type: 'string', description: 'rotate: why (required; recorded in the audit chain)', valueHint: 'text' },
    lost: { type: 'boolean', description: 'rotate: the current private key is lost for good; sign from now on with a new one' },
    json: { type: 'boolean', description: 'Print JSON' },
    ...dataDirArg,
    ...databaseUrlArg,
  },
  async run({ args }) {
    const dir = dataDir(args['data-dir'])
    const action = args.action ?? 'show'
    const url = await databaseUrlOf(args['database-url'])
    if (url !== undefined) return databaseKeys(url, dir, action, args)
    if (action === 'rotate') {
      if (args.reason === undefined || args.reason.trim() === '') throw new BundError('USAGE', 'keys rotate needs --reason "…": it is recorded in the audit chain')
      const store = await openForWriting(dir, args.lost ? { signingKeyLost: true } : {})
      try {
        const r = await store.rotateSigningKey('cli', args.reason)
        process.stdout.write(
          args.json
            ? `${JSON.stringify(r)}\n`
            : `rotated the signing key: new publications are signed with ${r.current}${r.previous ? `; ${r.previous} stays in the key history, so earlier publications still verify` : ''}\n`,
        )
      } finally {
        await store.close()
      }
      return
    }
    if (action === 'list') {
      const keys = keyHistory(dir)
      process.stdout.write(args.json ? `${JSON.stringify({ items: keys })}\n` : keys.map((k) => `${k.keyId}${k.current ? '  (current)' : ''}\n`).join(''))
      return
    }
    if (action !== 'show') throw new BundError('USAGE', `unknown keys action "${action}"; use show, list or rotate`)
    let key = loadSigningKey(dir, false)
    if (key === undefined) {
      // First start: opening the store generates the key pair.
      await (await openStore(dir)).close()
      key = loadSigningKey(dir, false)
    }
    if (key === undefined) throw new BundError('STORE_INVALID', `no key in ${dir}`)
    process.stdout.write(args.json ? `${JSON.stringify({ keyId: key.keyId, publicKey: key.publicKeyPem })}\n` : `${key.publicKeyPem.trimEnd()}\n# key id (sha256 of the DER public key): ${key.keyId}\n`)
  },
})

/**
 * The same actions on PostgreSQL: the key history and the current key are the database's; a
 * rotation writes the new private key into this node's keys/ (copy it to every node).
 */
async function databaseKeys(url: string, dir: string, action: string, args: { reason?: string; lost?: boolean; json?: boolean }): Promise<void> {
  const { PgStore } = await import('../../store/postgres/pg-store.js')
  if (action === 'rotate') {
    if (args.reason === undefined || args.reason.trim() === '') throw new BundError('USAGE', 'keys rotate needs --reason "…": it is recorded in the audit chain')
    const store = await PgStore.open(url, dir, args.lost ? { signingKeyLost: true } : {})
    try {
      const r = await store.rotateSigningKey('cli', args.reason)
      process.stdout.write(
        args.json
          ? `${JSON.stringify(r)}\n`
          : `rotated the signing key: new publications are signed with ${r.current}${r.previous ? `; ${r.previous} stays in the key history` : ''}. Copy ${dir}/keys/ to every node: until then they sign nothing (KEY_MISMATCH)\n`,
      )
    } finally {
      await store.close()
    }
    return
  }
  if (action !== 'show' && action !== 'list') throw new BundError('USAGE', `unknown keys action "${action}"; use show, list or rotate`)
  const store = await PgStore.open(url, dir, { readOnly: true })
  try {
    const keys = await store.publicKeys()
    if (action === 'list') {
      process.stdout.write(args.json ? `${JSON.stringify({ items: keys })}\n` : keys.map((k) => `${k.keyId}${k.current ? '  (current)' : ''}\n`).join(''))
      return
    }
    const current = keys.find((k) => k.current)
    if (current === undefined) throw new BundError('STORE_INVALID', 'the database has no signing key yet; it is made when a node first opens it for writing')
    process.stdout.write(args.json ? `${JSON.stringify({ keyId: current.keyId, publicKey: current.publicKey })}\n` : `${current.publicKey.trimEnd()}\n# key id (sha256 of the DER public key): ${current.keyId}\n`)
  } finally {
    await store.close()
  }
}
