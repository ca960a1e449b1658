import { existsSync } from 'node:fs'
import { join, relative } from 'node:path'
import { defineCommand } from 'citty'
import { loadScenarioDir } from '../../manifest/load.js'
import { hasStore, openForReading } from '../open-store.js'
import { dataDir, dataDirArg } from '../options.js'
import { dim } from '../report.js'
import { builtinScenarioDirs } from '../resolve-scenario.js'

export default defineCommand({
  meta: { name: 'scenarios' },
  args: {
    json: { type: 'boolean', description: 'Print JSON' },
    ...dataDirArg,
  },
  async run({ args }) {
    const rows: Array<{ id: string; version: string; title: string; result: string; source: string }> = []
    for (const dir of builtinScenarioDirs()) {
      if (!existsSync(join(dir, 'dist', 'manifest.json'))) {
        rows.push({ id: '(not built)', version: '', title: '', result: '', source: relative(process.cwd(), dir) })
        continue
      }
      const { manifest } = loadScenarioDir(dir)
      rows.push({ id: manifest.id, version: manifest.version, title: manifest.title, result: manifest.result, source: `built-in ${relative(process.cwd(), dir) || dir}` })
    }
    const dir = dataDir(args['data-dir'])
    if (hasStore(dir)) {
      // Only reads: works beside a running server.
      const store = await openForReading(dir)
      for (const s of await store.listScenarios()) {
        if (!rows.some((r) => r.id === s.id && r.version === s.version)) rows.push({ id: s.id, version: s.version, title: s.title, result: s.result, source: 'registered' })
      }
      await store.close()
    }
    if (args.json) {
      process.stdout.write(`${JSON.stringify(rows)}\n`)
      return
    }
    if (rows.length === 0) {
      process.stdout.write('no scenarios: build one with `bund build <dir>`\n')
      return
    }
    for (const r of rows) process.stdout.write(`${`${r.id}@${r.version}`.padEnd(40)} ${r.result.padEnd(18)} ${r.title}  ${dim(r.source)}\n`)
  },
})
