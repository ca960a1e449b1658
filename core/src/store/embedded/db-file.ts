/**
 * The layout of db.json, the checkpoint of the store. It holds the small, mutable part (registry,
 * tokens, author keys, amendments) and the newest records of each append-only log; older records
 * are sealed into immutable, content-addressed segment files, so db.json stays bounded. Writes
 * since the last checkpoint are in journal.jsonl.
 */
import { z } from 'zod'
import { auditEntrySchema, authorKeyRecordSchema, orgRecordSchema, publicationSchema, runRecordSchema, scenarioRecordSchema, tokenRecordSchema } from '../../model/index.js'
import { BundError } from '../../kernel/index.js'
import type { AuditEntry, AuthorKeyRecord, OrgRecord, Publication, RunRecord, ScenarioRecord, TokenRecord } from '../../model/index.js'
import type { AcceptedRun } from '../run-queue-persistence.js'

/** The db.json format this code reads and writes. Version 1 (no audit, no segments) is upgraded on open. */
export const SCHEMA_VERSION = 2

/** The append-only logs. */
export const LOGS = ['runs', 'publications', 'audit'] as const
export type LogName = (typeof LOGS)[number]

/** A sealed, immutable file of one log's records, named by its sha256. */
export interface SegmentRef {
  sha256: string
  count: number
}

export interface Release {
  at: string
  by: string
  reason: string
  publicationId: string
}

export interface Withdrawal {
  at: string
  by: string
  reason: string
}

export interface DbFile {
  schemaVersion: number
  scenarios: ScenarioRecord[]
  tokens: TokenRecord[]
  authorKeys: AuthorKeyRecord[]
  /** Author orgs' display names, set by an operator. */
  orgs: OrgRecord[]
  /** The newest records of each log, not yet sealed. */
  runs: RunRecord[]
  publications: Publication[]
  audit: AuditEntry[]
  /** Older records, oldest first. */
  segments: Record<LogName, SegmentRef[]>
  /** Later changes to records already written (which are never rewritten). */
  amendments: { releases: Record<string, Release>; withdrawals: Record<string, Withdrawal> }
  /** Runs accepted by the server's queue and not yet recorded (run-queue-persistence.ts), by id. */
  accepted: Record<string, AcceptedRun>
  /** The last audit entry, so a chain cut short is noticed. */
  auditHead: { seq: number; hash: string } | null
  /** The last journal entry folded into this file; later ones are replayed from journal.jsonl. */
  journalSeq: number
}

export function emptyDb(): DbFile {
  return {
    schemaVersion: SCHEMA_VERSION,
    scenarios: [],
    tokens: [],
    authorKeys: [],
    orgs: [],
    runs: [],
    publications: [],
    audit: [],
    segments: { runs: [], publications: [], audit: [] },
    amendments: { releases: {}, withdrawals: {} },
    accepted: {},
    auditHead: null,
    journalSeq: 0,
  }
}

/**
 * A stored record as checked on open: the model's fields named (its ids and what the store looks
 * up by), the rest kept as they are: records are signed or chained, and older files lack newer fields.
 */
const stored = <S extends z.ZodRawShape>(schema: z.ZodObject<S>, fields: ReadonlyArray<keyof S & string>) =>
  z.looseObject(Object.fromEntries(fields.map((f) => [f, schema.shape[f]])) as z.ZodRawShape)
const hex64 = z.string().regex(/^[0-9a-f]{64}$/)
const segmentRef = z.object({ sha256: hex64, count: z.number().int().nonnegative() })
const recordsOf: Record<LogName, z.ZodType> = {
  runs: stored(runRecordSchema, ['id', 'status']),
  // Publications of schema version 1 were not yet signed.
  publications: stored(publicationSchema, ['id', 'runId']).extend({ signature: z.string().optional(), keyId: z.string().optional() }),
  audit: auditEntrySchema,
}

/** The shape checked on open: structure and ids, not every field of every record (records are signed or chained). */
const dbFileSchema = z.looseObject({
  schemaVersion: z.number().int().positive(),
  scenarios: z.array(stored(scenarioRecordSchema, ['id', 'version', 'bundleSha256'])),
  tokens: z.array(stored(tokenRecordSchema, ['id', 'hash', 'role'])).default([]),
  authorKeys: z.array(stored(authorKeyRecordSchema, ['org', 'publicKey'])).default([]),
  orgs: z.array(stored(orgRecordSchema, ['org', 'displayName'])).default([]),
  runs: z.array(recordsOf.runs),
  publications: z.array(recordsOf.publications),
  audit: z.array(auditEntrySchema).default([]),
  segments: z.object({ runs: z.array(segmentRef), publications: z.array(segmentRef), audit: z.array(segmentRef) }).default({ runs: [], publications: [], audit: [] }),
  amendments: z
    .object({ releases: z.record(z.string(), z.looseObject({ publicationId: z.string() })), withdrawals: z.record(z.string(), z.looseObject({ reason: z.string() })) })
    .default({ releases: {}, withdrawals: {} }),
  accepted: z.record(z.string(), z.looseObject({ id: z.string(), scenario: z.string(), version: z.string(), seed: z.number(), actor: z.string() })).default({}),
  auditHead: z.object({ seq: z.number().int(), hash: z.string() }).nullable().default(null),
  journalSeq: z.number().int().nonnegative().default(0),
})

const DOCTOR = ' Run `bund doctor` to see what is wrong and restore the last good backup.'

/** Checks a parsed db.json; upgrades version 1; refuses a newer version or a malformed file. */
export function checkDbFile(value: unknown, path: string): DbFile {
  const version = (value as { schemaVersion?: unknown } | null)?.schemaVersion
  if (typeof version === 'number' && version > SCHEMA_VERSION) {
    throw new BundError('STORE_INVALID', `${path} has schema version ${version}, newer than this Bund understands (${SCHEMA_VERSION}); upgrade Bund. The file was left untouched.`)
  }
  const parsed = dbFileSchema.safeParse(value)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : ''
    throw new BundError('STORE_INVALID', `${path} is not a valid Bund database (${issue?.message ?? 'malformed'}${where}); it was left untouched.${DOCTOR}`)
  }
  return { ...(parsed.data as unknown as DbFile), schemaVersion: SCHEMA_VERSION }
}

/** Checks a parsed segment file. */
export function checkSegment(value: unknown, log: LogName, path: string): unknown[] {
  const parsed = z.object({ log: z.literal(log), records: z.array(recordsOf[log]) }).safeParse(value)
  if (!parsed.success) throw new BundError('STORE_INVALID', `${path} is not a valid ${log} segment; it was left untouched.${DOCTOR}`)
  return parsed.data.records
}

export const DOCTOR_HINT = DOCTOR
