/**
 * `bund submit [dir] --server URL`: uploads a built scenario as `POST /api/v1/scenarios` does from
 * curl — dist/manifest.json, dist/bundle.js, dist/bundle.sig when signed, and dist/bundle.js.map
 * (so API runs of it report thrown errors at src/ lines). The token comes from --token or
 * $BUND_TOKEN; a refusal prints the server's code and detail.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { defineCommand } from 'citty'
import { staleBuildReason } from '../../build/stale.js'
import { BundError } from '../../kernel/index.js'
import { loadScenarioDir } from '../../manifest/load.js'
import { SIGNATURE_FILE } from '../../manifest/signature.js'
import { SOURCE_MAP_FILE } from '../../manifest/source-map.js'

export default defineCommand({
  meta: { name: 'submit' },
  args: {
    dir: { type: 'positional', description: 'Scenario directory (default: .)', required: false },
    server: { type: 'string', description: 'The Bund server, e.g. http://127.0.0.1:8787', valueHint: 'url', required: true },
    token: { type: 'string', description: 'An author (or operator) token; default $BUND_TOKEN', valueHint: 'token' },
    'no-source-map': { type: 'boolean', description: 'Do not send dist/bundle.js.map' },
  },
  async run({ args }) {
    const token = args.token ?? process.env['BUND_TOKEN']
    if (token === undefined || token === '') throw new BundError('USAGE', 'no token: pass --token or set BUND_TOKEN')
    let url: URL
    try {
      url = new URL('/api/v1/scenarios', args.server)
    } catch {
      throw new BundError('USAGE', `--server ${args.server}: not a URL`)
    }
    // Loaded as the server will: a bundle that does not match its manifest is refused here.
    const dirArg = args.dir ?? '.'
    const scenario = loadScenarioDir(dirArg)
    const dist = join(resolve(dirArg), 'dist')
    // A registered version is never replaced: uploading a build older than src/ would register
    // code that is no longer the author's for good. Not rebuilt here: a rebuild drops the signature.
    const stale = staleBuildReason(dirArg)
    if (stale !== undefined) {
      const sign = existsSync(join(dist, SIGNATURE_FILE)) ? ` && bund sign ${dirArg} --key <your .key file>` : ''
      throw new BundError('BUILD_STALE', `${dirArg}: ${stale}; nothing was sent. Run: bund build ${dirArg}${sign} && bund submit ${dirArg} --server ${args.server}`)
    }
    const form = new FormData()
    form.set('manifest', new File([readFileSync(join(dist, 'manifest.json'))], 'manifest.json'))
    form.set('bundle', new File([scenario.bundle], 'bundle.js'))
    const sent = ['manifest', 'bundle']
    for (const [part, file] of [
      ['signature', SIGNATURE_FILE],
      ['sourceMap', args['no-source-map'] === true ? undefined : SOURCE_MAP_FILE],
    ] as const) {
      if (file === undefined || !existsSync(join(dist, file))) continue
      form.set(part, new File([readFileSync(join(dist, file))], file))
      sent.push(part)
    }
    let res: Response
    try {
      res = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form, redirect: 'error', signal: AbortSignal.timeout(60_000) })
    } catch (e) {
      throw new BundError('FETCH_FAILED', `${url.origin}: ${(e as Error).message}`)
    }
    const body = (await res.json().catch(() => ({}))) as { id?: string; version?: string; code?: string; detail?: string }
    if (!res.ok) {
      process.stderr.write(`bund: ${body.code ?? `HTTP ${res.status}`}: ${body.detail ?? res.statusText}\n`)
      process.exitCode = 1
      return
    }
    process.stdout.write(`${res.status === 201 ? 'registered' : 'already registered'} ${body.id}@${body.version} on ${url.origin} (sent ${sent.join(', ')})\n`)
  },
})
