/**
 * The files of a new scenario project besides its scenario source: package.json, tsconfig, the
 * test that runs it with the local runner, a README and a .gitignore.
 */
import { SCAFFOLD_KINDS, type ScaffoldKind } from './kinds.js'

/** How the new project depends on Bund's packages (a registry range, or `file:` to a local checkout). */
export interface DependencySpecs {
  sdk: string
  core: string
  zod: string
  typescript: string
}

export interface ProjectInfo {
  id: string
  org: string
  name: string
  kind: ScaffoldKind
  title: string
  deps: DependencySpecs
}

export function packageJson(p: ProjectInfo): string {
  const pkg = {
    name: `@${p.org}/${p.name}`,
    version: '0.1.0',
    private: true,
    description: `${p.title}: a Bund scenario that ${SCAFFOLD_KINDS[p.kind].summary}`,
    type: 'module',
    scripts: {
      build: 'bund build',
      dev: 'bund dev',
      test: 'node --test test/scenario.test.js',
      typecheck: 'tsc --noEmit',
      sign: 'bund sign --key bund-author.key',
    },
    dependencies: { '@bund/sdk': p.deps.sdk, zod: p.deps.zod },
    devDependencies: { '@bund/core': p.deps.core, typescript: p.deps.typescript },
    engines: { node: '>=20' },
  }
  return `${JSON.stringify(pkg, null, 2)}\n`
}

/** Strict, and without Node's types: the scenario runs in a sandbox that has no Node API. */
export function tsconfigJson(): string {
  const config = {
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2023'],
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      noUncheckedIndexedAccess: true,
      verbatimModuleSyntax: true,
      isolatedModules: true,
      skipLibCheck: true,
      noEmit: true,
      types: [],
    },
    include: ['src'],
  }
  return `${JSON.stringify(config, null, 2)}\n`
}

export function testFile(p: ProjectInfo): string {
  const result = SCAFFOLD_KINDS[p.kind].result
  return `// Runs the scenario as a Bund server would (the same sandbox, synthetic data, compliance checks
// and publish gate) on the seeded datasets it asks for, with no server: runLocal builds src/ first.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'
import { runLocal } from '@bund/core'

const dir = fileURLToPath(new URL('..', import.meta.url))

test('${p.id} passes every blocking check and is published', async () => {
  const run = await runLocal(dir, { seed: 1 })
  assert.equal(run.error, undefined, run.error && \`\${run.error.code}: \${run.error.message}\`)
  const failing = run.verdicts.filter((v) => v.status === 'fail').map((v) => \`\${v.rule}: \${v.message}\`)
  assert.deepEqual(failing, [], 'blocking checks failed')
  assert.equal(run.status, 'published')
  assert.equal(run.output.kind, '${result}')
})
`
}

export function gitignore(): string {
  return ['node_modules/', 'dist/', '# The local store of bund run (runs, publications, keys).', '.bund/', '# Author signing keys: never commit the private key.', '*.key', ''].join('\n')
}

export function readme(p: ProjectInfo): string {
  const { result, summary } = SCAFFOLD_KINDS[p.kind]
  return `# ${p.title}

\`${p.id}\`: a Bund scenario that ${summary}. It returns the
\`${result}\` result kind of \`@bund/sdk\`.

Bund runs the scenario inside an isolated sandbox on seeded synthetic data, checks its output against
compliance rule packs, and publishes the result only when every blocking check passes.

## The rules it must pass

\`npx bund rules --kind ${result}\` lists every rule this result is held to: its threshold, whether it
blocks publication or only warns, the regulation it cites and what to change when it fails. The same
catalogue is in \`node_modules/@bund/sdk/README.md\` (*The rules a result is held to*).

## Quick start

\`\`\`sh
npm install
npm test            # builds src/ and runs it through the compliance checks: published or held, and why
npx bund dev        # rebuilds on every change and prints the compliance report
npx bund build      # writes dist/bundle.js and dist/manifest.json
\`\`\`

## Files

| file | what it is |
| --- | --- |
| \`src/index.ts\` | the scenario: its id, datasets, result kind, params and \`run(ctx)\` |
| \`test/scenario.test.js\` | runs the scenario locally with \`runLocal\` from \`@bund/core\` and asserts it is published |
| \`dist/\` | what \`bund build\` writes: \`bundle.js\`, its source map \`bundle.js.map\` (kept on the host, never in the sandbox) and \`manifest.json\`; \`bundle.sig\` once signed |

## Inside the sandbox

The scenario runs with no Node API, no file system, no network and no timers: it gets its data from
\`ctx.data\` and returns its output. \`Math.random\` is seeded from the run's seed and the clock is fixed,
so a run is reproducible. \`bund build\` refuses imports that cannot work there (\`fs\`, \`http\`, network
clients, code from URLs) and names them. The SDK's API is documented in \`node_modules/@bund/sdk/README.md\`.

## Publishing

Change \`version\` in \`src/index.ts\` for every release: a registered version cannot be replaced.
Once, make your signing key and give \`bund-author.pub\` to the operator, who registers it for your
organisation (\`bund author add-key\`); from then on every upload of \`${p.org}/*\` must be signed with it
(unsigned: \`SIGNATURE_MISSING\`; another key or a changed bundle: \`SIGNATURE_INVALID\`):

\`\`\`sh
npx bund keygen                                # bund-author.key (secret; .gitignore keeps it out) and bund-author.pub
\`\`\`

The operator also gives you the server's address (here \`http://127.0.0.1:8787\`, the default of
\`bund serve\`) and an author token for \`${p.org}\` (\`bund token create --role author --org ${p.org}\`): set
\`BUND_TOKEN\` to it (or pass \`--token\`). Then build, sign and upload each release:

\`\`\`sh
npx bund build && npx bund sign --key bund-author.key
npx bund submit --server http://127.0.0.1:8787  # sends dist/: manifest.json, bundle.js, bundle.sig, bundle.js.map
\`\`\`

\`bund submit\` refuses a build older than \`src/\` (\`BUILD_STALE\`, nothing sent). The source map stays
beside the bundle on the server (never in the sandbox), so a run that throws names your \`src/\` file and
line. The operator runs the scenario (\`POST /api/v1/runs\`); your organisation's runs (status,
verdicts, a thrown error's frames) and the scenario's publications are then:

\`\`\`sh
curl -s http://127.0.0.1:8787/api/v1/runs -H "authorization: Bearer $BUND_TOKEN"
curl -s 'http://127.0.0.1:8787/api/v1/publications?scenario=${p.id}'
\`\`\`

Each publication has a URL (\`/api/v1/publications/pub_…\`) and a page on the dashboard
(\`/publications/pub_…\`). Anyone can check it from its URL alone: its signature, its place in the
server's transparency log, your signature, and, with \`--rerun\`, its output re-computed in a local
sandbox:

\`\`\`sh
npx bund verify http://127.0.0.1:8787/api/v1/publications/pub_… --rerun
\`\`\`
`
}
