import { relative } from 'node:path'
import { defineCommand } from 'citty'
import { SCAFFOLD_KINDS, SCAFFOLD_KIND_NAMES, scaffoldScenario } from '../../scaffold/index.js'

export default defineCommand({
  meta: { name: 'new' },
  args: {
    id: { type: 'positional', description: 'Scenario id, org/name (lower case)', required: true },
    kind: { type: 'string', description: `Template: ${SCAFFOLD_KIND_NAMES.join(' | ')} (default credit)`, valueHint: 'kind' },
    dir: { type: 'string', description: 'Directory to create (default: ./<name>)', valueHint: 'dir' },
  },
  run({ args }) {
    const result = scaffoldScenario({ id: args.id, ...(args.kind === undefined ? {} : { kind: args.kind }), ...(args.dir === undefined ? {} : { dir: args.dir }) })
    const shown = relative(process.cwd(), result.dir) || '.'
    process.stdout.write(
      [
        `created ${args.id} (${result.kind}: ${SCAFFOLD_KINDS[result.kind].result}) in ${shown}`,
        ...result.files.map((f) => `  ${f}`),
        '',
        'next:',
        `  cd ${shown}`,
        '  npm install',
        '  npm test          # runs it locally through the compliance checks',
        '  npx bund dev      # rebuilds and re-runs on every change',
        '',
      ].join('\n'),
    )
  },
})
