/**
 * One publication of a data directory and what proves it, for `bund verify <id>`, read without
 * indexing the store: db.json (small: the newest records, the segment list) with its journal, the
 * saved index (saved-index.ts) searched as bytes for the id, and only the segments that hold the
 * publication and its audit entries — never every record. Whatever the view cannot settle for sure
 * (an id no valid index line names, an audit segment without a valid line or without a file, a
 * record that is not the one its line says) is handed to the whole store (EmbeddedStore, opened
 * read-only on first need), so a damaged or stale index never hides a record or passes one off.
 */
import { existsSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { BundError } from '../../kernel/index.js'
import type { AuditEntry, AuditVerification, Publication } from '../../model/index.js'
import { HashFile } from '../../tlog/hash-file.js'
import { type StoredTreeHashes, storedTreeHashes } from '../../tlog/tree.js'
import { ArtifactStore } from '../artifacts.js'
import { pageBounds } from '../paging.js'
import type { Page, PageOptions } from '../store.js'
import { type DbFile, type LogName, type SegmentRef, checkDbFile } from './db-file.js'
import { DurableJsonFile } from './durable-json-file.js'
import { DB_FILE, EmbeddedStore, LOG_HASHES_FILE } from './embedded-store.js'
import { JOURNAL_FILE, applyEntry, readJournal } from './journal.js'
import { INDEX_FILE, type IndexedSegment } from './saved-index.js'
import { readSegment, segmentPath } from './segments.js'

const HEADER = /^\{"log":"(runs|publications|audit)","sha256":"([0-9a-f]{64})","count":(\d+),/

interface Line {
  log: LogName
  sha256: string
  count: number
  start: number
  end: number
}

export class RecordView {
  readonly artifacts: ArtifactStore
  #full: Promise<EmbeddedStore> | undefined
  #log: HashFile | undefined | null = null

  private constructor(
    readonly dataDir: string,
    readonly data: DbFile,
    readonly index: Buffer,
    readonly lines: Line[],
    /** Where each sealed audit segment starts in the chain (its first entry's ordinal), when every one has a file and a valid line; else undefined. */
    readonly auditStarts: number[] | undefined,
  ) {
    this.artifacts = new ArtifactStore(join(dataDir, 'artifacts'))
  }

  /** Reads db.json, its journal and the saved index's bytes; never indexes a record. */
  static open(dataDir: string): RecordView {
    const data = new DurableJsonFile<DbFile>(join(dataDir, DB_FILE), checkDbFile).readSync()
    if (data === null) throw new BundError('STORE_INVALID', `${dataDir} holds no Bund data (no ${DB_FILE})`)
    for (const entry of readJournal(join(dataDir, JOURNAL_FILE), data.journalSeq).entries) applyEntry(data, entry)
    const path = join(dataDir, INDEX_FILE)
    const index = existsSync(path) ? readFileSync(path) : Buffer.alloc(0)
    const lines: Line[] = []
    for (let start = 0; start < index.length; ) {
      const end = index.indexOf(0x0a, start)
      if (end === -1) break
      const header = HEADER.exec(index.toString('latin1', start + 65, Math.min(end, start + 65 + 120)))
      if (header !== null && index[start + 64] === 0x20) lines.push({ log: header[1] as LogName, sha256: header[2] as string, count: Number(header[3]), start, end })
      start = end + 1
    }
    // The chain's positions are known when every sealed audit segment has a file and an intact line.
    const audit = new Map(lines.filter((l) => l.log === 'audit' && checksumHolds(index, l)).map((l) => [l.sha256, l]))
    let auditStarts: number[] | undefined = []
    let at = 0
    for (const ref of data.segments.audit) {
      if (audit.get(ref.sha256)?.count !== ref.count || !(existsSync(segmentPath(dataDir, ref.sha256)) || existsSync(segmentPath(dataDir, ref.sha256, true)))) {
        auditStarts = undefined
        break
      }
      auditStarts.push(at)
      at += ref.count
    }
    return new RecordView(dataDir, data, index, lines, auditStarts)
  }

  /** The whole store, read-only, for what the view cannot settle. */
  #store(): Promise<EmbeddedStore> {
    this.#full ??= EmbeddedStore.open(this.dataDir, { readOnly: true })
    return this.#full
  }

  #sealedAudit(): number {
    return this.data.segments.audit.reduce((n, ref) => n + ref.count, 0)
  }

  /** The records of `log`'s sealed segments that the saved index names `id`: [segment, position, line]. */
  #find(log: LogName, id: string): Array<{ ref: SegmentRef; position: number }> | undefined {
    const refs = new Map(this.data.segments[log].map((r) => [r.sha256, r]))
    const needle = Buffer.from(JSON.stringify(id))
    const out: Array<{ ref: SegmentRef; position: number }> = []
    for (const line of this.lines) {
      if (line.log !== log) continue
      const hit = this.index.subarray(line.start, line.end).indexOf(needle)
      if (hit === -1) continue
      const ref = refs.get(line.sha256)
      if (ref === undefined || ref.count !== line.count) continue
      if (!checksumHolds(this.index, line)) return undefined
      const segment = JSON.parse(this.index.toString('utf8', line.start + 65, line.end)) as IndexedSegment
      segment.ids.forEach((x, position) => x === id && out.push({ ref, position }))
    }
    return out
  }

  async getPublication(id: string): Promise<Publication | undefined> {
    const withdrawn = this.data.amendments.withdrawals[id]
    const amended = (p: Publication) => (withdrawn === undefined ? p : { ...p, withdrawn })
    const head = this.data.publications.find((p) => p.id === id)
    if (head !== undefined) return amended(head)
    const [found] = this.#find('publications', id) ?? []
    const p = found === undefined ? undefined : (readSealed(this.dataDir, 'publications', found.ref)?.[found.position] as Publication | undefined)
    if (p?.id === id) return amended(p)
    return (await this.#store()).getPublication(id)
  }

  async auditOf(subject: string): Promise<AuditEntry[]> {
    const found = this.auditStarts === undefined ? undefined : this.#find('audit', subject)
    if (found === undefined) return (await this.#store()).auditOf(subject)
    const out: AuditEntry[] = []
    for (const { ref, position } of found) {
      const e = readSealed(this.dataDir, 'audit', ref)?.[position] as AuditEntry | undefined
      if (e?.subject !== subject) return (await this.#store()).auditOf(subject)
      out.push(e)
    }
    out.sort((a, b) => a.seq - b.seq)
    return [...out, ...this.data.audit.filter((e) => e.subject === subject)]
  }

  async listAudit(options: PageOptions = {}): Promise<Page<AuditEntry>> {
    const starts = this.auditStarts
    if (starts === undefined) return (await this.#store()).listAudit(options)
    const { offset, limit } = pageBounds(options)
    const sealed = this.#sealedAudit()
    const total = sealed + this.data.audit.length
    const items: AuditEntry[] = []
    for (let i = offset; i < Math.min(total, offset + limit); i++) {
      if (i >= sealed) {
        items.push(this.data.audit[i - sealed] as AuditEntry)
        continue
      }
      let k = starts.length - 1
      while ((starts[k] as number) > i) k--
      const e = readSealed(this.dataDir, 'audit', this.data.segments.audit[k] as SegmentRef)?.[i - (starts[k] as number)] as AuditEntry | undefined
      if (e === undefined) return (await this.#store()).listAudit(options)
      items.push(e)
    }
    return { items, total, offset, limit }
  }

  async logHashes(): Promise<StoredTreeHashes> {
    if (this.auditStarts === undefined) return (await this.#store()).logHashes()
    if (this.#log === null) this.#log = HashFile.open(join(this.dataDir, LOG_HASHES_FILE), { count: this.#sealedAudit() + this.data.audit.length, leaf: () => new Uint8Array() }, { writable: false })
    if (this.#log === undefined) throw new BundError('STORE_INVALID', `${join(this.dataDir, LOG_HASHES_FILE)} is missing`)
    return storedTreeHashes(this.#log)
  }

  async verifyAudit(): Promise<AuditVerification> {
    return (await this.#store()).verifyAudit()
  }

  async close(): Promise<void> {
    this.#log?.close()
    await (await this.#full)?.close()
  }
}

function checksumHolds(index: Buffer, line: Line): boolean {
  return createHash('sha256').update(index.subarray(line.start + 65, line.end)).digest('hex') === index.toString('latin1', line.start, line.start + 64)
}

/** A sealed segment's records, or undefined when neither copy can be read. */
function readSealed(dataDir: string, log: LogName, ref: SegmentRef): unknown[] | undefined {
  try {
    return readSegment(dataDir, log, ref)
  } catch {
    return undefined
  }
}
