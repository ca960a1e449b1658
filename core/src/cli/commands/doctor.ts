import { defineCommand } from 'citty'
import { diagnose, restoreBackup } from '../../store/doctor.js'
import { dataDir, dataDirArg } from '../options.js'
import { dim, green, red, yellow } from '../report.js'

const MARK = { ok: () => green('ok   '), warn: () => yellow('warn '), error: () => red('error') }

export default defineCommand({
  meta: { name: 'doctor' },
  args: {
    restore: { type: 'boolean', description: 'Restore db.json from the newest backup that checks out (the broken file is kept)' },
    json: { type: 'boolean', description: 'Print the diagnosis as JSON' },
    ...dataDirArg,
  },
  async run({ args }) {
    const dir = dataDir(args['data-dir'])
    if (args.restore) {
      const r = restoreBackup(dir)
      process.stdout.write(
        args.json
          ? `${JSON.stringify({ restored: r })}\n`
          : `restored db.json from ${r.from} (taken ${r.takenAt}: ${r.summary})${r.keptAs ? `; the broken file is kept as ${r.keptAs}` : ''}.\nRecords written after the backup was taken are not in it.\n`,
      )
    }
    const d = diagnose(dir)
    if (args.json) process.stdout.write(`${JSON.stringify(d)}\n`)
    else {
      process.stdout.write(`${d.dataDir}\n`)
      for (const f of d.findings) process.stdout.write(`  ${MARK[f.level]()}  ${f.message}\n`)
      if (d.backups.length > 0) {
        process.stdout.write('  backups\n')
        for (const b of d.backups) process.stdout.write(`    ${b.ok ? green('good') : red('bad ')}  ${b.path}  ${dim(b.takenAt)}  ${b.summary}\n`)
      }
      if (!d.ok) {
        const good = d.backups.some((b) => b.ok)
        process.stdout.write(good ? `Run \`bund doctor --restore --data-dir ${dir}\` to restore the newest good backup.\n` : 'No good backup to restore from.\n')
      }
    }
    process.exitCode = d.ok ? 0 : 1
  },
})
