/**
 * One write of the store: changes are made to a shallow copy of db.json's data plus lists of new
 * records, and only become visible (in memory) after the file is durably written. A change that
 * throws, or a write that fails, leaves the store exactly as it was.
 */
import { nextEntry } from '../audit-chain.js'
import type { DbFile } from './db-file.js'
import type { AuditEntry, Publication, RunRecord } from '../../model/index.js'

export class Transaction {
  readonly draft: DbFile
  readonly at = new Date().toISOString()
  readonly newRuns: RunRecord[] = []
  readonly newPublications: Publication[] = []
  readonly newAudit: AuditEntry[] = []
  /** Records already written whose amended form replaces them in memory. */
  readonly amendedRuns: RunRecord[] = []
  readonly amendedPublications: Publication[] = []
  /** Steps that may only happen once the write is durable (e.g. putting a rotated key in place). */
  readonly afterCommit: Array<() => void> = []
  #last: Pick<AuditEntry, 'seq' | 'hash'> | null

  constructor(data: DbFile, lastAudit: Pick<AuditEntry, 'seq' | 'hash'> | null) {
    // Arrays and maps are copied; records themselves are never mutated, only replaced.
    this.draft = {
      ...data,
      scenarios: [...data.scenarios],
      tokens: [...data.tokens],
      authorKeys: [...data.authorKeys],
      orgs: [...data.orgs],
      runs: [...data.runs],
      publications: [...data.publications],
      audit: [...data.audit],
      segments: { runs: [...data.segments.runs], publications: [...data.segments.publications], audit: [...data.segments.audit] },
      amendments: { releases: { ...data.amendments.releases }, withdrawals: { ...data.amendments.withdrawals } },
      accepted: { ...data.accepted },
    }
    this.#last = lastAudit
  }

  addRun(run: RunRecord): void {
    this.draft.runs.push(run)
    this.newRuns.push(run)
  }

  addPublication(publication: Publication): void {
    this.draft.publications.push(publication)
    this.newPublications.push(publication)
  }

  /** Appends an audit entry; `at` defaults to the transaction's time. */
  log(actor: string, action: string, subject: string, data: unknown, at = this.at): AuditEntry {
    const entry = nextEntry(this.#last, { at, actor, action, subject, data })
    this.draft.audit.push(entry)
    this.newAudit.push(entry)
    this.#last = entry
    this.draft.auditHead = { seq: entry.seq, hash: entry.hash }
    return entry
  }
}
