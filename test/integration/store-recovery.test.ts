/**
 * Fault injection on a data directory, as an operator meets it: a damaged db.json or journal, a
 * lost segment, stale locks. Each case names its code, and a restore keeps every acknowledged
 * write it can still read — and says exactly which it could not.
 */
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { openStore, sha256 } from '@bund/core'
import { describe, expect, it } from 'vitest'
import { bund, tempDir } from '../helpers/cli.js'
import { allPublications, publish } from '../helpers/store-records.js'

/**
 * Publishes runs `1..n` and returns a copy of the data directory taken right after the last was
 * acknowledged — the disk as a crash (kill -9, power loss) leaves it: the journal not folded into
 * db.json, the lock still there. Also returns the acknowledged publication ids, in order.
 */
async function crashImage(n: number, options: { checkpointBytes?: number; sealBytes?: number } = {}): Promise<{ dir: string; acked: string[] }> {
  const live = tempDir()
  const store = await openStore(live, options)
  const acked: string[] = []
  for (let i = 1; i <= n; i++) acked.push((await publish(store, i)).id)
  const dir = tempDir()
  cpSync(live, dir, { recursive: true })
  await store.close()
  // The lock of a process that is gone (as kill -9 leaves it).
  writeFileSync(join(dir, 'lock'), `${JSON.stringify({ pid: 2 ** 22 + 7, host: hostname(), since: new Date().toISOString() })}\n`)
  return { dir, acked }
}

/** The journal's lines (each `<sha256> <json>\n`). */
/** A store of `n` publications sealed into many small segments, closed; returns its publication ids, oldest first. */
async function sealed(n: number, dir = tempDir()): Promise<{ dir: string; ids: string[] }> {
  const store = await openStore(dir, { sealBytes: 4096, checkpointBytes: 4096 })
  const ids: string[] = []
  for (let i = 1; i <= n; i++) ids.push((await publish(store, i)).id)
  await store.close()
  return { dir, ids }
}

function journalLines(dir: string): string[] {
  return readFileSync(join(dir, 'journal.jsonl'), 'utf8').split(/(?<=\n)/).filter((l) => l !== '')
}

async function idsIn(dir: string): Promise<string[]> {
  const store = await openStore(dir, { readOnly: true })
  try {
    expect((await store.verifyAudit()).ok).toBe(true)
    return (await allPublications(store, { includeWithdrawn: true })).map((p) => p.id).reverse()
  } finally {
    await store.close()
  }
}

async function restore(dir: string): Promise<{ code: number; report: Record<string, any>; stdout: string; stderr: string }> {
  const r = await bund(['doctor', '--restore', '--json', '--data-dir', dir])
  const first = r.stdout.split('\n')[0] ?? ''
  return { code: r.code, report: first.startsWith('{"restored"') ? JSON.parse(first).restored : {}, stdout: r.stdout, stderr: r.stderr }
}

describe('restore keeps every acknowledged write', () => {
  it('a truncated db.json with an intact journal: everything comes back (backup + journal replay)', async () => {
    const { dir, acked } = await crashImage(43, { checkpointBytes: 20 * 1024 })
    // Some writes folded into db.json (and its backup), the later ones only in the journal.
    const folded = JSON.parse(readFileSync(join(dir, 'db.json'), 'utf8')).journalSeq
    expect([journalLines(dir).length, folded]).toEqual([expect.any(Number), expect.any(Number)])
    expect(journalLines(dir).length * folded, `${journalLines(dir).length} lines after write ${folded}`).toBeGreaterThan(0)
    const db = join(dir, 'db.json')
    writeFileSync(db, readFileSync(db).subarray(0, 100))
    await expect(openStore(dir)).rejects.toMatchObject({ code: 'STORE_INVALID' })
    const r = await restore(dir)
    expect(r.code, r.stderr).toBe(0)
    expect(r.report.notRecovered).toEqual([])
    expect(r.report.replayed.length, JSON.stringify(r.report)).toBeGreaterThan(0)
    expect(await idsIn(dir)).toEqual(acked)
    // The store is writable again and continues the chain.
    const store = await openStore(dir)
    await publish(store, 99)
    expect((await store.verifyAudit()).ok).toBe(true)
    await store.close()
  })

  it('journal damaged at the start, in the middle and at the end: intact entries before and after are replayed', async () => {
    for (const where of ['start', 'middle', 'end'] as const) {
      const { dir, acked } = await crashImage(9)
      const lines = journalLines(dir)
      const i = where === 'start' ? 0 : where === 'end' ? lines.length - 1 : Math.floor(lines.length / 2)
      // One hex digit of the line's outputHash changed: the JSON still parses, the hash no longer matches.
      const line = lines[i] as string
      const at = line.indexOf('"outputHash":"') + 14
      lines[i] = line.slice(0, at) + (line[at] === 'a' ? 'b' : 'a') + line.slice(at + 1)
      writeFileSync(join(dir, 'journal.jsonl'), lines.join(''))
      const r = await restore(dir)
      expect(r.code, `${where}: ${r.stdout}${r.stderr}`).toBe(0)
      // The damaged write keeps what its audit entries vouch for: the publication, not the altered run.
      expect(r.report.partial, where).toEqual([{ seq: i + 1, lost: [`run run_${i + 1}`] }])
      expect(r.report.notRecovered, where).toEqual([])
      expect(await idsIn(dir), where).toEqual(acked)
      expect(r.report.setAside).toMatch(/journal\.set-aside-.*\.jsonl$/)
    }
  })

  it('a flipped byte in an entry checksum loses nothing', async () => {
    const { dir, acked } = await crashImage(6)
    const lines = journalLines(dir)
    lines[2] = (lines[2]![0] === 'a' ? 'b' : 'a') + lines[2]!.slice(1)
    writeFileSync(join(dir, 'journal.jsonl'), lines.join(''))
    await expect(openStore(dir)).rejects.toMatchObject({ code: 'STORE_INVALID', message: expect.stringMatching(/damaged entry with intact ones after it/) })
    const r = await restore(dir)
    expect(r.report.partial).toEqual([{ seq: 3, lost: [] }])
    expect(await idsIn(dir)).toEqual(acked)
  })

  it('an entry damaged beyond reading: the ones before are replayed, the ones after are named, set aside, not dropped silently', async () => {
    const { dir, acked } = await crashImage(8)
    const lines = journalLines(dir)
    lines[4] = `${lines[4]!.slice(0, 80)}\u0000\u0000${lines[4]!.slice(120)}`
    writeFileSync(join(dir, 'journal.jsonl'), lines.join(''))
    const r = await restore(dir)
    expect(r.code, r.stderr).toBe(0)
    expect(await idsIn(dir)).toEqual(acked.slice(0, 4))
    expect(r.report.notRecovered.map((n: { seq?: number }) => n.seq)).toEqual([undefined, 6, 7, 8])
    for (const id of acked.slice(5)) expect(JSON.stringify(r.report.notRecovered)).toContain(`publication.published ${id}`)
    const aside = readFileSync(r.report.setAside, 'utf8')
    expect(aside.split('\n').filter(Boolean)).toHaveLength(4)
  })

  it('a torn last append (never acknowledged) is dropped at open, as before', async () => {
    const { dir, acked } = await crashImage(3)
    writeFileSync(join(dir, 'journal.jsonl'), `${readFileSync(join(dir, 'journal.jsonl'), 'utf8')}abc{"seq":4`)
    expect(await idsIn(dir)).toEqual(acked)
  })
})

describe('a lost segment degrades, never blocks', () => {
  it('deleted from segments/: read from its copy, doctor warns, restore puts it back', async () => {
    const { dir, ids } = await sealed(30)
    const segments = readdirSync(join(dir, 'segments'))
    expect(segments.length).toBeGreaterThan(2)
    rmSync(join(dir, 'segments', segments[0]!))
    expect(await idsIn(dir)).toEqual(ids)
    const doctor = await bund(['doctor', '--data-dir', dir])
    expect(doctor.stdout).toMatch(/warn +segment .* is lost or damaged; its copy in backups\/segments\/ is read instead/)
    const r = await restore(dir)
    expect(r.report.repairedSegments).toHaveLength(1)
    expect(existsSync(join(dir, 'segments', segments[0]!))).toBe(true)
  })

  it('both copies gone: the store still opens, names what is missing, and serves everything else', async () => {
    const { dir, ids } = await sealed(30)
    const db = JSON.parse(readFileSync(join(dir, 'db.json'), 'utf8'))
    const lost = db.segments.publications[0]
    for (const sub of ['segments', join('backups', 'segments')]) rmSync(join(dir, sub, `${lost.sha256}.json`))
    const reopened = await openStore(dir)
    try {
      expect((await reopened.missingSegments())).toEqual([expect.objectContaining({ log: 'publications', sha256: lost.sha256, count: lost.count })])
      const present = (await allPublications(reopened)).map((p) => p.id)
      expect(present).toHaveLength(30 - lost.count)
      // Writes go on.
      await publish(reopened, 31)
    } finally {
      await reopened.close()
    }
    const survivor = ids.at(-1)!
    expect((await bund(['verify', survivor, '--data-dir', dir])).code).toBe(0)
    const doctor = await bund(['doctor', '--data-dir', dir])
    expect(doctor.code).toBe(1)
    expect(doctor.stdout).toMatch(new RegExp(`error +.*${lost.sha256}.*Its ${lost.count} publications are missing`))
  })
})

describe('the saved index (segment-index.jsonl) is never trusted blindly', () => {
  const INDEX = 'segment-index.jsonl'
  const problemsOf = (store: unknown) => (store as { savedIndexProblems(): string[] }).savedIndexProblems()


  it('written as segments are sealed, and used at open: nothing to complain about', async () => {
    const { dir, ids } = await sealed(20)
    const lines = readFileSync(join(dir, INDEX), 'utf8').split('\n').filter(Boolean)
    const db = JSON.parse(readFileSync(join(dir, 'db.json'), 'utf8'))
    expect(lines).toHaveLength(db.segments.runs.length + db.segments.publications.length + db.segments.audit.length)
    const store = await openStore(dir, { readOnly: true })
    expect(problemsOf(store)).toEqual([])
    await store.close()
    expect(await idsIn(dir)).toEqual(ids)
    expect((await bund(['doctor', '--data-dir', dir])).stdout).toMatch(new RegExp(`ok +saved index ${INDEX} covers all ${lines.length} segments and matches them`))
  })

  it('a damaged line: open reads that segment from its file (nothing lost), doctor names it, the next start rewrites the index', async () => {
    const { dir, ids } = await sealed(20)
    const path = join(dir, INDEX)
    const text = readFileSync(path, 'utf8')
    // Change one publication id in the index: trusted, it would hide that publication.
    const at = text.indexOf('"pub_') + 6
    writeFileSync(path, text.slice(0, at) + (text[at] === 'a' ? 'b' : 'a') + text.slice(at + 1))
    const reader = await openStore(dir, { readOnly: true })
    expect(problemsOf(reader)).toEqual(['1 damaged line(s)', expect.stringMatching(/^1 of \d+ segment\(s\) not covered/)])
    await reader.close()
    expect(await idsIn(dir)).toEqual(ids)
    const doctor = await bund(['doctor', '--data-dir', dir])
    expect(doctor.stdout).toMatch(new RegExp(`warn +saved index ${INDEX}: 1 damaged line\\(s\\); 1 of \\d+ segment\\(s\\) not covered .*nothing is lost`))
    const writer = await openStore(dir)
    await writer.close()
    const again = await openStore(dir, { readOnly: true })
    expect(problemsOf(again)).toEqual([])
    await again.close()
    expect(await idsIn(dir)).toEqual(ids)
  })

  it('stale (from another db.json: a restored backup, a later or earlier copy) or missing: what it does not cover is read, nothing is lost', async () => {
    const { dir: early, ids: earlyIds } = await sealed(12)
    const late = tempDir()
    cpSync(early, late, { recursive: true })
    const earlyIndex = readFileSync(join(early, INDEX))
    const store = await openStore(late, { sealBytes: 4096, checkpointBytes: 4096 })
    const lateIds = [...earlyIds]
    for (let i = 13; i <= 30; i++) lateIds.push((await publish(store, i)).id)
    await store.close()
    // The late index beside the early db.json: lines for segments it does not name.
    writeFileSync(join(early, INDEX), readFileSync(join(late, INDEX)))
    const a = await openStore(early, { readOnly: true })
    expect(problemsOf(a)).toEqual([expect.stringMatching(/^\d+ stale line\(s\) for segments db.json does not name$/)])
    await a.close()
    expect(await idsIn(early)).toEqual(earlyIds)
    // The early index beside the late db.json: segments it does not cover.
    writeFileSync(join(late, INDEX), earlyIndex)
    const b = await openStore(late, { readOnly: true })
    expect(problemsOf(b)).toEqual([expect.stringMatching(/^\d+ of \d+ segment\(s\) not covered/)])
    await b.close()
    expect(await idsIn(late)).toEqual(lateIds)
    rmSync(join(late, INDEX))
    const c = await openStore(late, { readOnly: true })
    expect(problemsOf(c)).toEqual(['missing'])
    await c.close()
    expect(await idsIn(late)).toEqual(lateIds)
    expect((await bund(['doctor', '--data-dir', late])).stdout).toMatch(new RegExp(`warn +saved index ${INDEX}: missing`))
  })

  it('a line rewritten with a valid checksum but ids that are not its segment\'s: doctor says so (error)', async () => {
    const { dir } = await sealed(20)
    const path = join(dir, INDEX)
    const lines = readFileSync(path, 'utf8').split('\n').filter(Boolean)
    const k = lines.findIndex((l) => l.includes('"log":"publications"'))
    const line = JSON.parse(lines[k]!.slice(65))
    line.ids.reverse()
    const json = JSON.stringify(line)
    lines[k] = `${sha256(json)} ${json}`
    writeFileSync(path, `${lines.join('\n')}\n`)
    const doctor = await bund(['doctor', '--data-dir', dir])
    expect(doctor.code).toBe(1)
    expect(doctor.stdout).toMatch(new RegExp(`error +saved index ${INDEX} disagrees with 1 segment\\(s\\) \\(${line.sha256.slice(0, 16)}… \\(publications\\)\\).*Remove the file`))
    // A record is returned only when it is the one asked for: a wrong position never passes off another record.
    const store = await openStore(dir, { readOnly: true })
    for (const id of line.ids as string[]) {
      const p = await store.getPublication(id)
      if (p !== undefined) expect(p.id).toBe(id)
    }
    await store.close()
  })
})

describe('bund verify <id> reads only what proves the record, and still names its tampering', () => {
  /** The sealed segment file (first copy) of `log` that holds `needle`. */
  function segmentWith(dir: string, log: string, needle: string): string {
    const db = JSON.parse(readFileSync(join(dir, 'db.json'), 'utf8'))
    for (const ref of db.segments[log]) {
      const path = join(dir, 'segments', `${ref.sha256}.json`)
      if (readFileSync(path, 'utf8').includes(needle)) return path
    }
    throw new Error(`no ${log} segment holds ${needle}`)
  }

  /** Replaces the character at `offset` of a file by another of its class (JSON still parses). */
  function flipAt(path: string, offset: number): void {
    const text = readFileSync(path, 'latin1')
    const c = text[offset]!
    writeFileSync(path, text.slice(0, offset) + (/[0-9a-f]/.test(c) ? (c === 'a' ? 'b' : 'a') : c === 'x' ? 'y' : 'x') + text.slice(offset + 1), 'latin1')
  }

  it('a sealed publication changed: FAIL signature and audit, exit 1; its audit entry changed: FAIL audit; the others still verify', async () => {
    const { dir, ids } = await sealed(30)
    const [changed, chained, intact] = [ids[2]!, ids[5]!, ids[8]!]
    const ok = await bund(['verify', intact, '--data-dir', dir])
    expect(ok.code, ok.stdout + ok.stderr).toBe(0)
    expect(ok.stdout).toMatch(/ok +audit +recorded as audit entry #\d+ .*the transparency log of \d+ entries includes it/)

    const publications = segmentWith(dir, 'publications', `"id":"${changed}"`)
    const text = readFileSync(publications, 'latin1')
    flipAt(publications, text.indexOf('"outputHash":"', text.indexOf(`"id":"${changed}"`)) + '"outputHash":"'.length)
    const r = await bund(['verify', changed, '--data-dir', dir])
    expect(r.code).toBe(1)
    expect(r.stdout).toContain(`NOT VERIFIED  ${changed}`)
    expect(r.stdout).toMatch(/FAIL +signature +the ed25519 signature does not match the content/)
    expect(r.stdout).toMatch(/FAIL +audit +audit entry #\d+ recorded other content/)

    // Its publication.published entry, changed (the actor), with its data hash left as it was.
    const audit = segmentWith(dir, 'audit', `"subject":"${chained}"`)
    const entries = readFileSync(audit, 'latin1')
    flipAt(audit, entries.indexOf(`","action":"publication.published","subject":"${chained}"`) - 1)
    const a = await bund(['verify', chained, '--data-dir', dir])
    expect(a.code).toBe(1)
    expect(a.stdout).toMatch(/ok +signature/)
    expect(a.stdout).toMatch(/FAIL +audit +audit entry #(\d+) matches, but the chain is broken before it, at entry #\1: its hash [0-9a-f]{12}… does not match its contents/)
    expect((await bund(['verify', intact, '--data-dir', dir])).code).toBe(0)

    // Without a saved index, or with one that names nothing, verify reads the whole store instead: same answers.
    writeFileSync(join(dir, 'segment-index.jsonl'), 'garbage\n')
    expect((await bund(['verify', intact, '--data-dir', dir])).code).toBe(0)
    expect((await bund(['verify', changed, '--data-dir', dir])).stdout).toMatch(/FAIL +signature/)
    rmSync(join(dir, 'segment-index.jsonl'))
    const again = await bund(['verify', chained, '--data-dir', dir])
    expect(again.code).toBe(1)
    expect(again.stdout).toMatch(/FAIL +audit +audit entry #\d+ matches, but the chain is broken before it/)
  })
})

describe('stale locks', () => {
  const lockOf = (dir: string, holder: Record<string, unknown>) => writeFileSync(join(dir, 'lock'), `${JSON.stringify(holder)}\n`)

  it('a reused PID (running, but started at another time) is provably dead: taken over; doctor says stale first', async () => {
    const dir = tempDir()
    await (await openStore(dir)).close()
    // PID 1 runs, but not since the recorded start time.
    lockOf(dir, { pid: 1, host: hostname(), since: '2026-01-01T00:00:00Z', startTime: 123456789, bootId: readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() })
    const doctor = await bund(['doctor', '--data-dir', dir])
    expect(doctor.stdout).toMatch(/warn +lock: stale — process 1 .* is gone; PID 1 now belongs to a process started later/)
    const store = await openStore(dir)
    await store.close()
  })

  it('a lock from before a reboot (another boot id) is taken over', async () => {
    const dir = tempDir()
    lockOf(dir, { pid: process.pid, host: hostname(), since: '2026-01-01T00:00:00Z', bootId: '00000000-0000-0000-0000-000000000000' })
    await (await openStore(dir)).close()
  })

  it('another host: held while refreshed (STORE_LOCKED, doctor "in use"), released with --release-lock --force; taken over once its lease expired', async () => {
    const dir = tempDir()
    await (await openStore(dir)).close()
    lockOf(dir, { pid: 4242, host: 'old-container-7f3a', since: '2026-01-01T00:00:00Z' })
    await expect(openStore(dir)).rejects.toMatchObject({ code: 'STORE_LOCKED', message: expect.stringMatching(/old-container-7f3a.*--release-lock --force/) })
    const doctor = await bund(['doctor', '--data-dir', dir])
    expect(doctor.stdout).toMatch(/ok +lock: in use — process 4242 on old-container-7f3a .*cannot be checked from/)
    const refused = await bund(['doctor', '--release-lock', '--data-dir', dir])
    expect(refused.stderr).toMatch(/^bund: STORE_LOCKED: .*pass --force/)
    const released = await bund(['doctor', '--release-lock', '--force', '--data-dir', dir])
    expect(released.stdout).toMatch(/released the stale lock/)
    expect(existsSync(join(dir, 'lock'))).toBe(false)
    // Not refreshed for longer than the lease: provably not running, taken over without help.
    lockOf(dir, { pid: 4242, host: 'old-container-7f3a', since: '2026-01-01T00:00:00Z' })
    const old = new Date(Date.now() - 11 * 60 * 1000)
    utimesSync(join(dir, 'lock'), old, old)
    expect((await bund(['doctor', '--data-dir', dir])).stdout).toMatch(/warn +lock: stale — .*has not refreshed the lock for 11 min/)
    await (await openStore(dir)).close()
  })

  it('a live holder on this host is never released', async () => {
    const dir = tempDir()
    const holder = await openStore(dir)
    try {
      const r = await bund(['doctor', '--release-lock', '--force', '--data-dir', dir])
      expect(r.stderr).toMatch(/^bund: STORE_LOCKED: .*held by a live process/)
      expect(existsSync(join(dir, 'lock'))).toBe(true)
    } finally {
      await holder.close()
    }
  })
})

describe('bund doctor checks segments on several threads with the same findings', () => {
  /** Re-seals the publication segment that holds `id` with a byte of that publication changed (both copies, db.json renamed to match), as a forger with write access would: the segment hashes, the signature does not. */
  function forge(dir: string, id: string): void {
    const db = JSON.parse(readFileSync(join(dir, 'db.json'), 'utf8'))
    for (const ref of db.segments.publications) {
      const text = readFileSync(join(dir, 'segments', `${ref.sha256}.json`), 'utf8')
      const at = text.indexOf(`"id":"${id}"`)
      if (at < 0) continue
      const digit = text.indexOf('"outputHash":"', at) + '"outputHash":"'.length
      const forged = text.slice(0, digit) + (text[digit] === 'a' ? 'b' : 'a') + text.slice(digit + 1)
      ref.sha256 = sha256(forged)
      for (const folder of ['segments', join('backups', 'segments')]) writeFileSync(join(dir, folder, `${ref.sha256}.json`), forged)
      writeFileSync(join(dir, 'db.json'), JSON.stringify(db))
      return
    }
    throw new Error(`no publication segment holds ${id}`)
  }

  it('tampered signatures in sealed segments: the same JSON diagnosis with 1 thread and with 4', async () => {
    const { dir, ids } = await sealed(60)
    const segments = JSON.parse(readFileSync(join(dir, 'db.json'), 'utf8')).segments
    // Enough segments that 3 worker threads each get some (doctor starts one per 8 segments at most).
    expect(segments.runs.length + segments.publications.length + segments.audit.length).toBeGreaterThanOrEqual(32)
    const [early, late] = [ids[1]!, ids[40]!]
    forge(dir, early)
    forge(dir, late)

    const one = await bund(['doctor', '--json', '--data-dir', dir], { env: { BUND_DOCTOR_THREADS: '1' } })
    const four = await bund(['doctor', '--json', '--data-dir', dir], { env: { BUND_DOCTOR_THREADS: '4' } })
    expect([one.code, four.code], one.stderr + four.stderr).toEqual([1, 1])
    expect(four.stdout).toBe(one.stdout)
    const findings = (JSON.parse(one.stdout) as { findings: Array<{ level: string; message: string }> }).findings
    expect(findings).toContainEqual({ level: 'error', message: `2 publication(s) fail their signature check: ${early}, ${late}` })
    expect(findings).toContainEqual({ level: 'ok', message: 'audit chain verifies (180 entries)' })
  })
})
