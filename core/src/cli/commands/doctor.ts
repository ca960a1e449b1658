import { defineCommand } from 'citty'
import { diagnose } from '../../store/embedded/doctor.js'
import { DataDirLock } from '../../store/embedded/lock.js'
import { type RestoreReport, restoreStore } from '../../store/embedded/restore.js'
import { dataDir, dataDirArg } from '../options.js'
import { dim, green, red, yellow } from '../report.js'

const MARK = { ok: () => green('ok   '), warn: () => yellow('warn '), error: () => red('error') }

export default defineCommand({
  meta: { name: 'doctor' },
  args: {
    restore: {
      type: 'boolean',
      description: 'Put the store back together: lost segments from their copies, db.json from the newest good backup, then every intact journal write replayed (what is unusable is set aside)',
    },
    'release-lock': { type: 'boolean', description: 'Release a stale lock (its holder is no longer running)' },
    force: { type: 'boolean', description: 'With --release-lock: also a lock held on another host, once you are sure nothing there uses the directory' },
    json: { type: 'boolean', description: 'Print the diagnosis as JSON' },
    ...dataDirArg,
  },
  async run({ args }) {
    const dir = dataDir(args['data-dir'])
    if (args['release-lock']) {
      const r = DataDirLock.releaseStale(dir, args.force === true)
      if (!args.json) process.stdout.write(r.released ? `released the stale lock: ${r.holder?.why}\n` : 'no lock to release\n')
    }
    if (args.restore) {
      const r = restoreStore(dir)
      process.stdout.write(args.json ? `${JSON.stringify({ restored: r })}\n` : restoreText(r))
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
      if (!d.ok) process.stdout.write(`Run \`bund doctor --restore --data-dir ${dir}\` to restore: it keeps every write it can still read.\n`)
    }
    process.exitCode = d.ok ? 0 : 1
  },
})

function restoreText(r: RestoreReport): string {
  const lines = [`restored from ${r.base}${r.base.endsWith('db.json') ? '' : ` (taken ${r.takenAt})`}: ${r.summary}`]
  if (r.keptAs) lines.push(`  the broken db.json is kept as ${r.keptAs}`)
  for (const s of r.repairedSegments) lines.push(`  segment put back from its copy: ${s}`)
  lines.push(`  journal writes replayed: ${r.replayed.length}${r.replayed.length > 0 ? ` (#${r.replayed[0]}–#${r.replayed.at(-1)})` : ''}`)
  for (const p of r.partial) lines.push(`  write #${p.seq} was damaged; kept what verifies, lost: ${p.lost.join(', ') || 'nothing'}`)
  for (const n of r.notRecovered) lines.push(`  NOT recovered${n.seq !== undefined ? ` write #${n.seq}` : ''} (byte ${n.offset}): ${n.reason}${n.did.length > 0 ? ` — it did: ${n.did.join(', ')}` : ''}`)
  if (r.setAside) lines.push(`  unusable journal bytes set aside in ${r.setAside}`)
  return `${lines.join('\n')}\n`
}
