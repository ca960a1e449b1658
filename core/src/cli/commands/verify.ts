import { existsSync, readFileSync } from 'node:fs'
import { defineCommand } from 'citty'
import { BundError } from '../../kernel/index.js'
import { reproduce } from '../../runner/reproduce.js'
import type { Publication } from '../../store/records.js'
import { historicKey, loadSigningKey } from '../../store/signing.js'
import type { Store } from '../../store/store.js'
import { type VerifyCheck, verifyPublication } from '../../store/verify-publication.js'
import { dataDir, dataDirArg } from '../options.js'
import { hasStore, openForReading } from '../open-store.js'
import { dim, green, red, yellow } from '../report.js'
import { parsePublicKey } from '../../verify/public-key.js'
import { verifyRemote } from '../../verify/verify-remote.js'

const MARK = { ok: () => green('ok  '), fail: () => red('FAIL'), skip: () => dim('skip') }

export default defineCommand({
  meta: { name: 'verify' },
  args: {
    publication: { type: 'positional', description: 'A publication URL (https://…/api/v1/publications/pub_…), a publication id (pub_…) in the store, or a publication JSON file', required: true },
    rerun: { type: 'boolean', description: 'Re-run the recorded bundle on the recorded seed and params; compare the output hash' },
    key: { type: 'string', description: "Public key to trust (PEM, or the JSON of GET /api/v1/public-key; default: the server's, or the data dir's)", valueHint: 'file' },
    checkpoint: { type: 'string', description: "With a URL: the last log checkpoint seen; the new one must extend it (it is replaced when every check passes)", valueHint: 'file' },
    json: { type: 'boolean', description: 'Print the result as JSON' },
    ...dataDirArg,
  },
  async run({ args }) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(args.publication)) return verifyUrl(args)
    if (args.checkpoint !== undefined) throw new BundError('USAGE', '--checkpoint checks a log served over HTTP: give a publication URL')
    const dir = dataDir(args['data-dir'])
    const store: Store | undefined = hasStore(dir) ? await openForReading(dir) : undefined
    try {
      const publication = await loadPublication(args.publication, store)
      // A publication verifies with the key that signed it, current or retired by a rotation.
      const publicKeyPem = args.key !== undefined ? parsePublicKey(readKey(args.key), args.key) : (historicKey(dir, publication.keyId) ?? loadSigningKey(dir, false)?.publicKeyPem ?? noKey(dir))
      const result = await verifyPublication(publication, publicKeyPem, store)
      if (args.rerun) {
        const r = store === undefined ? { ok: false, detail: `no store in ${dir} holds the bundle to re-run` } : await reproduce(store, publication)
        const check: VerifyCheck = { check: 'rerun', status: r.ok ? 'ok' : 'fail', detail: r.detail }
        result.checks.push(check)
        result.ok &&= r.ok
      }
      if (args.json) process.stdout.write(`${JSON.stringify(result)}\n`)
      else {
        const head = result.ok ? green('VERIFIED') : red('NOT VERIFIED')
        process.stdout.write(`${head}  ${publication.id}  ${publication.scenario}@${publication.version}  seed ${publication.seed}\n`)
        if (result.withdrawn) process.stdout.write(`  ${yellow('WITHDRAWN')} ${result.withdrawn.at} by ${result.withdrawn.by}: ${result.withdrawn.reason}\n`)
        for (const c of result.checks) process.stdout.write(`  ${MARK[c.status]()}  ${c.check.padEnd(16)} ${c.detail}\n`)
      }
      process.exitCode = result.ok ? 0 : 1
    } finally {
      await store?.close()
    }
  },
})

/** A publication from its URL, with nothing but the network: no data dir is opened. */
async function verifyUrl(args: { publication: string; rerun?: boolean; key?: string; checkpoint?: string; json?: boolean }): Promise<void> {
  const result = await verifyRemote(args.publication, {
    ...(args.rerun ? { rerun: true } : {}),
    ...(args.key !== undefined ? { keyFile: args.key } : {}),
    ...(args.checkpoint !== undefined ? { checkpointFile: args.checkpoint } : {}),
  })
  if (args.json) process.stdout.write(`${JSON.stringify(result)}\n`)
  else {
    const p = result.publication
    process.stdout.write(`${result.ok ? green('VERIFIED') : red('NOT VERIFIED')}  ${result.id}${p ? `  ${p.scenario}@${p.version}  seed ${p.seed}` : ''}\n`)
    if (p?.withdrawn) process.stdout.write(`  ${yellow('WITHDRAWN')} ${p.withdrawn.at} by ${p.withdrawn.by}: ${p.withdrawn.reason}\n`)
    for (const c of result.checks) process.stdout.write(`  ${MARK[c.status]()}  ${c.check.padEnd(16)} ${c.code && c.status === 'fail' ? `${c.code}: ` : ''}${c.detail}\n`)
  }
  process.exitCode = result.ok ? 0 : 1
}

async function loadPublication(arg: string, store: Store | undefined): Promise<Publication> {
  if (existsSync(arg)) {
    let value: unknown
    try {
      value = JSON.parse(readFileSync(arg, 'utf8'))
    } catch (e) {
      throw new BundError('USAGE', `${arg} is not JSON (${(e as Error).message})`)
    }
    // Accept a bare publication or an API response that wraps one.
    const p = (value as { publication?: unknown } | null)?.publication ?? value
    if (p === null || typeof p !== 'object' || typeof (p as Publication).id !== 'string' || typeof (p as Publication).outputHash !== 'string') {
      throw new BundError('USAGE', `${arg} does not hold a publication (an object with id, outputHash, signature…)`)
    }
    return p as Publication
  }
  if (!/^pub_[0-9a-f]+$/.test(arg)) throw new BundError('USAGE', `"${arg}" is neither a publication id (pub_…) nor a file`)
  const p = await store?.getPublication(arg)
  if (p === undefined) throw new BundError('NOT_FOUND', `no publication ${arg}${store ? ` in ${store.dataDir}` : ' (no store here; pass --data-dir)'}`)
  return p
}

function readKey(file: string): string {
  if (!existsSync(file)) throw new BundError('USAGE', `--key ${file}: no such file`)
  return readFileSync(file, 'utf8')
}

function noKey(dir: string): never {
  throw new BundError('USAGE', `no public key to check the signature with: ${dir} has none; pass --key FILE (from \`bund keys\`)`)
}
