/**
 * Type-checking the README's typed-client example (`hc<AppType>` from '@bund/core/http/client', the
 * generated plain declarations) with tsc, as a client project would (strict, skipLibCheck, no Node
 * types). Goal: ≤ 5 s. Baseline in the same run: the same tsc on a client of hono alone (`hc` of a
 * one-route app), so the ratio is Bund's own cost; and, for comparison, the same example against the
 * app's own type (`@bund/core/http`), what the README used before.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { afterAll, bench, describe } from 'vitest'
import { ROOT, tempDir } from '../helpers/cli.js'

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
const section = readme.slice(readme.indexOf('### A typed client'))
const example = /```ts\n([\s\S]*?)```/.exec(section)![1]!

const dir = tempDir('bund-typed-client-')
symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir')
writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }))
writeFileSync(join(dir, 'client.ts'), example)
writeFileSync(join(dir, 'app-type.ts'), example.replace("'@bund/core/http/client'", "'@bund/core/http'"))
writeFileSync(join(dir, 'bare.ts'), `import { Hono } from 'hono'\nimport { hc } from 'hono/client'\nconst app = new Hono().get('/x', (c) => c.json({ ok: true }))\nconst api = hc<typeof app>('http://127.0.0.1:8787')\nconst res = await api.x.$get()\nif (res.ok) console.log((await res.json()).ok)\n`)
const options = { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, noEmit: true, types: [] }
for (const name of ['client', 'bare', 'app-type']) writeFileSync(join(dir, `tsconfig.${name}.json`), JSON.stringify({ compilerOptions: options, files: [`${name}.ts`] }))
const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
const times: Record<string, number[]> = { client: [], bare: [], 'app-type': [] }

function check(name: string): void {
  const t0 = performance.now()
  execFileSync(process.execPath, [tsc, '-p', `tsconfig.${name}.json`], { cwd: dir, stdio: 'pipe' })
  times[name]!.push(performance.now() - t0)
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

afterAll(() => {
  if (times['client']!.length === 0 || times['bare']!.length === 0) return
  const client = median(times['client']!)
  const bare = median(times['bare']!)
  const appType = times['app-type']!.length > 0 ? median(times['app-type']!) : Number.NaN
  console.log(
    `\ntsc of the README's typed client: median ${(client / 1000).toFixed(2)} s (n=${times['client']!.length}); baseline hono alone ${(bare / 1000).toFixed(2)} s; ratio ${(client / bare).toFixed(2)}; ` +
      `the app's own AppType ${(appType / 1000).toFixed(2)} s (ratio ${(appType / bare).toFixed(2)}); goal ≤ 5 s: ${client <= 5000 ? 'met' : 'missed'}; load average ${loadavg()[0]!.toFixed(2)}`,
  )
})

describe('typed client type-check', () => {
  bench('tsc: README typed-client example (hc<AppType>)', () => check('client'), { iterations: 3, time: 0, warmupIterations: 0 })
  bench('baseline: tsc of a hono client of a one-route app', () => check('bare'), { iterations: 3, time: 0, warmupIterations: 0 })
  bench('for comparison: the same example against the app\'s own AppType', () => check('app-type'), { iterations: 3, time: 0, warmupIterations: 0 })
})
