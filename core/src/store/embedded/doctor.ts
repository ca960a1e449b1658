/**
 * `bund doctor`: explains what is wrong with a data directory without changing it, and restores
 * db.json from the newest backup that checks out completely (the broken file is kept, renamed).
 */
import { existsSync, readFileSync, renameSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { BundError, sha256 } from '../../kernel/index.js'
import { ArtifactStore } from '../artifacts.js'
import { verifyChain } from '../audit-chain.js'
import { listBackups } from './backups.js'
import { type DbFile, LOGS, checkDbFile, emptyDb } from './db-file.js'
import { DurableJsonFile } from './durable-json-file.js'
import { writeFileAtomic } from '../atomic-write.js'
import { JOURNAL_FILE, applyEntry, readJournal } from './journal.js'
import { DataDirLock } from './lock.js'
import type { AuditEntry, Publication, RunRecord } from '../../model/index.js'
import { readSegment, segmentPath } from './segments.js'
import { secretMissing } from '../secret-file.js'
import { describeInstanceId } from '../instance-id.js'
import { PRIVATE_KEY_FILE, PUBLIC_KEY_FILE, type PublicKeyEntry, SIGNING_KEY, checkSignature, keyHistory, loadSigningKey } from '../signing.js'

export interface Finding {
  level: 'ok' | 'warn' | 'error'
  message: string
}

export interface DbInspection {
  ok: boolean
  findings: Finding[]
  counts?: { runs: number; publications: number; audit: number }
}

export interface Diagnosis {
  dataDir: string
  ok: boolean
  findings: Finding[]
  backups: Array<{ path: string; takenAt: string; ok: boolean; summary: string }>
}

/**
 * Loads one db.json (the live one, with the journal replayed, or a backup) with its segments and
 * checks everything it names.
 */
export function inspectDb(dataDir: string, dbPath: string, keys?: PublicKeyEntry[], journalPath?: string): DbInspection {
  const findings: Finding[] = []
  let data: DbFile | null
  try {
    data = new DurableJsonFile<DbFile>(dbPath, checkDbFile).readSync()
    if (journalPath !== undefined) {
      const journal = readJournal(journalPath, data?.journalSeq ?? 0)
      if (journal.entries.length > 0 || journal.tornBytes > 0) {
        data ??= emptyDb()
        for (const entry of journal.entries) applyEntry(data, entry)
        const torn = journal.tornBytes > 0 ? `; a torn last append of ${journal.tornBytes} bytes (never acknowledged) is dropped at the next start` : ''
        findings.push({ level: journal.tornBytes > 0 ? 'warn' : 'ok', message: `journal: ${journal.entries.length} write(s) not yet folded into db.json${torn}` })
      }
    }
  } catch (e) {
    return { ok: false, findings: [{ level: 'error', message: (e as Error).message }] }
  }
  if (data === null) return { ok: true, findings: [{ level: 'ok', message: `${dbPath} does not exist yet: the store is empty` }] }
  const all = { runs: [] as unknown[], publications: [] as unknown[], audit: [] as unknown[] }
  for (const log of LOGS) {
    for (const ref of data.segments[log]) {
      try {
        all[log].push(...readSegment(dataDir, log, ref, true))
        if (!existsSync(segmentPath(dataDir, ref.sha256)) || sha256(readFileSync(segmentPath(dataDir, ref.sha256), 'utf8')) !== ref.sha256) {
          findings.push({ level: 'warn', message: `segment ${ref.sha256.slice(0, 16)}… (${ref.count} ${log}) is lost or damaged; its copy in backups/segments/ is read instead, and \`bund doctor --restore\` puts it back` })
        }
      } catch (e) {
        findings.push({ level: 'error', message: `${(e as Error).message} Its ${ref.count} ${log} are missing (the store opens without them); no intact copy is left in backups/segments/ — put one back from a backup of the data directory.` })
      }
    }
    all[log].push(...data[log])
  }
  const audit = all.audit as AuditEntry[]
  const chain = verifyChain(audit, data.auditHead)
  findings.push(
    chain.ok
      ? { level: 'ok', message: `audit chain verifies (${chain.entries} entries)` }
      : { level: 'error', message: `audit chain is broken at entry #${chain.broken?.seq}: ${chain.broken?.reason}` },
  )
  const publications = all.publications as Publication[]
  if (keys !== undefined && keys.length > 0) {
    const byId = new Map(keys.map((k) => [k.keyId, k.publicKey]))
    const bad = publications.filter((p) => {
      const pem = byId.get(p.keyId)
      return pem === undefined || !checkSignature(p, pem).ok
    })
    findings.push(
      bad.length === 0
        ? { level: 'ok', message: `all ${publications.length} publication signatures verify` }
        : { level: 'error', message: `${bad.length} publication(s) fail their signature check: ${bad.slice(0, 5).map((p) => p.id).join(', ')}${bad.length > 5 ? ', …' : ''}` },
    )
  }
  const ok = findings.every((f) => f.level !== 'error')
  return { ok, findings, counts: { runs: (all.runs as RunRecord[]).length, publications: publications.length, audit: audit.length } }
}

/** One log's records, oldest first, skipping segments that cannot be read (reported elsewhere). */
function recordsOf(dataDir: string, data: DbFile, log: (typeof LOGS)[number]): unknown[] {
  const out: unknown[] = []
  for (const ref of data.segments[log]) {
    try {
      out.push(...readSegment(dataDir, log, ref))
    } catch {}
  }
  out.push(...data[log])
  return out
}

/** Everything doctor checks: lock, db.json and its segments, chain, signatures, artifacts, keys, backups. */
export function diagnose(dataDirArg: string): Diagnosis {
  const dataDir = resolve(dataDirArg)
  const findings: Finding[] = []
  if (!existsSync(dataDir)) {
    return { dataDir, ok: false, findings: [{ level: 'error', message: `${dataDir} does not exist` }], backups: [] }
  }
  const holder = DataDirLock.holder(dataDir)
  if (holder?.alive) findings.push({ level: 'ok', message: `lock: in use — ${holder.why} (checked read-only)` })
  else if (holder) findings.push({ level: 'warn', message: `lock: stale — ${holder.why}; the next start takes it over, or \`bund doctor --release-lock\` releases it now` })

  let keys: PublicKeyEntry[] | undefined
  try {
    const publicKeyPem = loadSigningKey(dataDir, false)?.publicKeyPem
    keys = keyHistory(dataDir)
    const privatePath = join(dataDir, PRIVATE_KEY_FILE)
    if (publicKeyPem === undefined && keys.length === 0) findings.push({ level: 'warn', message: 'no signing key yet; one is generated at the first start' })
    else if (!existsSync(privatePath)) findings.push({ level: 'error', message: `${secretMissing(SIGNING_KEY, `${PUBLIC_KEY_FILE} and keys/history/ name the key publications are signed with`).message}` })
    else if ((statSync(privatePath).mode & 0o077) !== 0) findings.push({ level: 'warn', message: `${privatePath} is readable by others (mode ${(statSync(privatePath).mode & 0o777).toString(8)}); run: chmod 600 ${privatePath}` })
    else findings.push({ level: 'ok', message: `signing key present, private key mode 0600; ${keys.length} key(s) in the key history` })
  } catch (e) {
    findings.push({ level: 'error', message: (e as Error).message })
  }

  const dbPath = join(dataDir, 'db.json')
  const live = inspectDb(dataDir, dbPath, keys, join(dataDir, JOURNAL_FILE))
  findings.push(...live.findings)
  if (live.counts) findings.push({ level: 'ok', message: `${live.counts.runs} runs, ${live.counts.publications} publications, ${live.counts.audit} audit entries` })
  findings.push(describeInstanceId(dataDir, (live.counts?.audit ?? 0) > 0, keys?.find((k) => k.current)?.keyId))
  if (live.ok && live.counts) findings.push(...checkArtifacts(dataDir, dbPath, join(dataDir, JOURNAL_FILE)))

  const backups = listBackups(dataDir).map((b) => {
    const r = inspectDb(dataDir, b.path, keys)
    const summary = r.ok ? `${r.counts?.publications ?? 0} publications, ${r.counts?.audit ?? 0} audit entries` : (r.findings.find((f) => f.level === 'error')?.message ?? 'unusable')
    return { path: b.path, takenAt: b.takenAt.toISOString(), ok: r.ok, summary }
  })
  return { dataDir, ok: findings.every((f) => f.level !== 'error'), findings, backups }
}

/** Every publication's output and bundle artifact exists and still hashes to its name. */
function checkArtifacts(dataDir: string, dbPath: string, journalPath: string): Finding[] {
  const data = new DurableJsonFile<DbFile>(dbPath, checkDbFile).readSync() ?? emptyDb()
  for (const entry of readJournal(journalPath, data.journalSeq).entries) applyEntry(data, entry)
  const artifacts = new ArtifactStore(join(dataDir, 'artifacts'))
  const publications = recordsOf(dataDir, data, 'publications') as Publication[]
  const hashes = new Map<string, string>()
  for (const p of publications) {
    hashes.set(p.outputHash, `output of ${p.id}`)
    hashes.set(p.bundleSha256, `bundle of ${p.id}`)
  }
  const bad: string[] = []
  for (const [hash, what] of hashes) {
    try {
      artifacts.get(hash)
    } catch (e) {
      bad.push(`${what}: ${(e as Error).message}`)
    }
  }
  return bad.length === 0
    ? [{ level: 'ok', message: `all ${hashes.size} artifacts of publications are present and intact` }]
    : bad.map((message) => ({ level: 'error' as const, message }))
}
