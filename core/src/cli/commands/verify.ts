import { existsSync, readFileSync, statSync } from 'node:fs'
import { defineCommand } from 'citty'
import { BundError } from '../../kernel/index.js'
import type { Publication } from '../../model/index.js'
import { historicKey, loadSigningKey } from '../../store/signing.js'
import type { Store } from '../../store/store.js'
import { RecordView } from '../../store/embedded/record-view.js'
import { type VerifyCheck, verifyPublication } from '../../store/verify-publication.js'
import { dataDir, dataDirArg } from '../options.js'
import { hasStore, openForReading } from '../open-store.js'
import { dim, green, red, yellow } from '../report.js'
import { type TrustedKeys, parseTrustedKeys } from '../../verify/trusted-keys.js'
import { isEvidence, verifyEvidenceFile } from '../../verify/verify-evidence.js'
import type { RemoteVerification } from '../../verify/verify-from.js'
import { verifyRemote } from '../../verify/verify-remote.js'

const MARK = { ok: () => green('ok  '), fail: () => red('FAIL'), skip: () => dim('skip') }

export default defineCommand({
  meta: { name: 'verify' },
  args: {
    publication: {
      type: 'positional',
      description: 'A publication URL (https://…/api/v1/publications/pub_…), an evidence file (GET …/publications/pub_…/evidence, verified offline), a publication id (pub_…) in the store, or a publication JSON file',
      required: true,
    },
    rerun: { type: 'boolean', description: 'Re-run the recorded bundle on the recorded seed and params; compare the output hash' },
    key: { type: 'string', description: "Key(s) to trust: PEM, or the JSON of GET /api/v1/public-key (one key) or /api/v1/public-keys (the key history); default: the server's, the evidence's, or the data dir's", valueHint: 'file' },
    checkpoint: { type: 'string', description: 'With a URL or evidence: the last log checkpoint seen; the new one must extend it (it is replaced when every check passes)', valueHint: 'file' },
    artifact: { type: 'string', description: 'With an evidence file: the output artifact downloaded beside it (its sha256 is checked)', valueHint: 'file' },
    json: { type: 'boolean', description: 'Print the result as JSON' },
    ...dataDirArg,
  },
  async run({ args }) {
    const isUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(args.publication)
    if (args.artifact !== undefined && (isUrl || !isEvidenceFile(args.publication))) throw new BundError('USAGE', '--artifact goes with an evidence file (GET …/publications/pub_…/evidence); with a URL the artifact is downloaded')
    if (isUrl) return report(await verifyRemote(args.publication, { ...(args.rerun ? { rerun: true } : {}), ...common(args) }), args.json)
    if (isEvidenceFile(args.publication)) {
      if (args.rerun) throw new BundError('USAGE', '--rerun needs the bundle from the server: verify the publication URL with --rerun (an evidence file is checked offline)')
      return report(await verifyEvidenceFile(args.publication, { ...common(args), ...(args.artifact !== undefined ? { artifactFile: args.artifact } : {}) }), args.json)
    }
    if (args.checkpoint !== undefined) throw new BundError('USAGE', '--checkpoint checks a transparency log: give a publication URL or an evidence file')
    const dir = dataDir(args['data-dir'])
    const store: ReadStore | undefined = hasStore(dir) ? await openToVerify(dir, args.publication, args.rerun === true) : undefined
    try {
      const publication = await loadPublication(args.publication, store)
      // A publication verifies with the key that signed it, current or retired by a rotation.
      const publicKeyPem = args.key !== undefined ? keyFor(parseTrustedKeys(readKey(args.key), args.key), publication.keyId) : (historicKey(dir, publication.keyId) ?? loadSigningKey(dir, false)?.publicKeyPem ?? noKey(dir))
      const result = await verifyPublication(publication, publicKeyPem, store)
      if (args.rerun) {
        const { reproduce } = await import('../../runner/reproduce.js')
        const r = store === undefined || store instanceof RecordView ? { ok: false, detail: `no store in ${dir} holds the bundle to re-run` } : await reproduce(store, publication)
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

type ReadStore = Store | RecordView

/**
 * A publication id in the embedded store is checked from a view that reads only the record and
 * what proves it (embedded/record-view.ts), not an index of every record; anything else (a file,
 * --rerun, PostgreSQL) opens the store.
 */
async function openToVerify(dir: string, arg: string, rerun: boolean): Promise<ReadStore> {
  const url = process.env.BUND_DATABASE_URL?.trim()
  if (rerun || (url !== undefined && url !== '') || !/^pub_[0-9a-f]+$/.test(arg) || existsSync(arg)) return openForReading(dir)
  try {
    return RecordView.open(dir)
  } catch {
    // A db.json or journal the view cannot read (e.g. caught mid-checkpoint): the store says why, or retries.
    return openForReading(dir)
  }
}

/** The options a URL and an evidence file share. */
function common(args: { key?: string; checkpoint?: string }): { keyFile?: string; checkpointFile?: string } {
  return { ...(args.key !== undefined ? { keyFile: args.key } : {}), ...(args.checkpoint !== undefined ? { checkpointFile: args.checkpoint } : {}) }
}

/** Prints a verification from outside (a URL, or an evidence file: no data dir is opened) and sets the exit code. */
function report(result: RemoteVerification, json: boolean | undefined): void {
  if (json) process.stdout.write(`${JSON.stringify(result)}\n`)
  else {
    const p = result.publication
    process.stdout.write(`${result.ok ? green('VERIFIED') : red('NOT VERIFIED')}  ${result.id}${p ? `  ${p.scenario}@${p.version}  seed ${p.seed}` : ''}\n`)
    if (p?.withdrawn) process.stdout.write(`  ${yellow('WITHDRAWN')} ${p.withdrawn.at} by ${p.withdrawn.by}: ${p.withdrawn.reason}\n`)
    for (const c of result.checks) process.stdout.write(`  ${MARK[c.status]()}  ${c.check.padEnd(16)} ${c.code && c.status === 'fail' ? `${c.code}: ` : ''}${c.detail}\n`)
  }
  process.exitCode = result.ok ? 0 : 1
}

/** Whether `arg` is a file holding a publication's evidence (read only to see its declared format). */
function isEvidenceFile(arg: string): boolean {
  if (!existsSync(arg)) return false
  try {
    return statSync(arg).isFile() && statSync(arg).size < 16 * 1024 * 1024 && isEvidence(JSON.parse(readFileSync(arg, 'utf8')))
  } catch {
    return false
  }
}

/** The key a publication names, from a pinned key or key history (else the current one, which then fails the check). */
function keyFor(keys: TrustedKeys, keyId: string): string {
  return keys.retired.get(keyId) ?? keys.current
}

async function loadPublication(arg: string, store: ReadStore | undefined): Promise<Publication> {
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
