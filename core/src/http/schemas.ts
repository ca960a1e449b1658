/**
 * The API's shapes, as zod schemas that validate requests and describe responses in the OpenAPI
 * document. Records mirror core/src/store/records.ts; open-ended parts (params, evidence, manifests)
 * are described as objects without listing their fields.
 */
import { z } from '@hono/zod-openapi'
import { resourcesSchema, slugSchema, verdictSchema } from '../model/index.js'

const json = z.record(z.string(), z.unknown())

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: 'urn:bund:error:NOT_FOUND' }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().openapi({ description: 'Stable Bund error code, e.g. NOT_FOUND, VALIDATION_FAILED, QUEUE_FULL', example: 'NOT_FOUND' }),
    instance: z.string(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional().openapi({ description: 'The fields at fault (VALIDATION_FAILED)' }),
    retryAfterSeconds: z.number().int().optional(),
  })
  .openapi('Problem', { description: 'RFC 9457 problem details (application/problem+json)' })

export const ResourcesSchema = resourcesSchema.meta({ id: 'Resources' })

export const VerdictSchema = verdictSchema.meta({ id: 'Verdict' })

export const ScenarioSchema = z
  .object({
    id: z.string().openapi({ example: 'acme/credit-model' }),
    version: z.string().openapi({ example: '1.0.0' }),
    title: z.string(),
    author: z.string(),
    category: z.string(),
    result: z.string(),
    bundleSha256: z.string(),
    registeredAt: z.string(),
    manifest: json.openapi({ description: 'The validated manifest (see the manifest schema)' }),
    sourceMapSha256: z.string().optional().openapi({ description: "sha256 of the source map the upload carried (kept beside the bundle; API runs map a thrown error's stack to src/ with it)" }),
    authorSignature: z
      .object({ status: z.enum(['verified', 'unsigned']), keyId: z.string().optional() })
      .optional()
      .openapi({ description: "The author's signature as checked at upload: verified against the org's registered key (keyId), or unsigned (the org has no key). Absent for versions the operator's CLI registered." }),
  })
  .openapi('Scenario')

const Released = z.object({ at: z.string(), by: z.string(), reason: z.string() })

export const RunRecordSchema = z
  .object({
    id: z.string(),
    scenario: z.string(),
    version: z.string(),
    bundleSha256: z.string(),
    manifestSha256: z.string().optional(),
    seed: z.number().int(),
    rows: z.number().int().nullable(),
    params: z.unknown(),
    evaluationKeys: z.record(z.string(), z.string()).optional().openapi({ description: 'The key each dataset was generated from, derived from the instance secret and revealed after the run' }),
    status: z.enum(['published', 'held', 'failed']),
    startedAt: z.string(),
    finishedAt: z.string(),
    outputHash: z.string().nullable(),
    readSet: z.record(z.string(), z.array(z.string())).optional().openapi({ description: 'The columns the scenario read, per dataset, as recorded by the sandbox runtime' }),
    verdicts: z.array(VerdictSchema),
    resources: ResourcesSchema,
    rulePacks: z.record(z.string(), z.string()),
    error: z.object({ code: z.string(), message: z.string(), details: json.optional() }).optional(),
    logs: z.array(z.unknown()),
    logsTruncated: z.boolean().optional().openapi({ description: "Present and true when the scenario logged more than the run's log limit: `logs` holds the first lines only" }),
    runtimeVersion: z.string().optional(),
    publicationId: z.string().optional(),
    release: Released.optional(),
  })
  .openapi('RunRecord')

export const RunStatusSchema = z
  .object({
    id: z.string().openapi({ example: 'run_5f1c…' }),
    scenario: z.string(),
    version: z.string(),
    seed: z.number().int(),
    state: z.enum(['queued', 'running', 'finished', 'rejected']).openapi({ description: 'Where the run is: waiting, executing, recorded, or refused before it was recorded' }),
    position: z.number().int().optional().openapi({ description: 'Runs ahead of this one, while queued' }),
    progress: z.object({ fraction: z.number(), message: z.string() }).optional(),
    status: z.enum(['published', 'held', 'failed']).optional().openapi({ description: 'The outcome, once finished' }),
    publicationId: z.string().optional(),
    error: z.object({ code: z.string(), message: z.string() }).optional(),
    report: RunRecordSchema.optional().openapi({ description: 'The full run record, once finished' }),
  })
  .openapi('RunStatus')

export const PublicationSchema = z
  .object({
    id: z.string(),
    runId: z.string(),
    scenario: z.string(),
    version: z.string(),
    bundleSha256: z.string(),
    seed: z.number().int(),
    rows: z.number().int().nullable(),
    params: z.unknown(),
    evaluationKeys: z.record(z.string(), z.string()).optional().openapi({ description: 'The key each dataset was generated from, derived from the instance secret and revealed after the run' }),
    outputHash: z.string(),
    readSet: z.record(z.string(), z.array(z.string())).optional().openapi({ description: 'The columns the scenario read, per dataset, as recorded by the sandbox runtime' }),
    verdicts: z.array(VerdictSchema),
    resources: ResourcesSchema,
    rulePacks: z.record(z.string(), z.string()),
    runtimeVersion: z.string(),
    publishedAt: z.string(),
    releasedBy: z.object({ by: z.string(), reason: z.string() }).optional(),
    signature: z.string(),
    keyId: z.string(),
    withdrawn: Released.optional(),
  })
  .openapi('Publication')

export const PageQuerySchema = z.object({
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0).openapi({ param: { name: 'offset', in: 'query' }, example: 0 }),
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ param: { name: 'limit', in: 'query' }, example: 50 }),
})

export const pageOf = <T extends z.ZodType>(item: T, name: string) =>
  z.object({ items: z.array(item), offset: z.number().int(), limit: z.number().int(), total: z.number().int() }).openapi(name)

export const TokenSchema = z
  .object({
    id: z.string(),
    role: z.enum(['operator', 'author']),
    org: z.string().optional(),
    label: z.string().optional(),
    createdAt: z.string(),
    revokedAt: z.string().optional(),
  })
  .openapi('Token')

export const AuditEntrySchema = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    actor: z.string(),
    action: z.string(),
    subject: z.string(),
    dataHash: z.string(),
    prevHash: z.string(),
    hash: z.string(),
  })
  .openapi('AuditEntry')

export const AuditVerificationSchema = z
  .object({ ok: z.boolean(), entries: z.number().int(), broken: z.object({ seq: z.number().int(), reason: z.string() }).optional() })
  .openapi('AuditVerification')

export const ScenarioIdParams = z.object({
  org: slugSchema.meta({ param: { name: 'org', in: 'path' }, example: 'acme' }),
  name: slugSchema.meta({ param: { name: 'name', in: 'path' }, example: 'credit-model' }),
})

export const IdParam = (name: string, example: string, pattern = /^[A-Za-z0-9_-]{1,100}$/) =>
  z.object({ id: z.string().regex(pattern).openapi({ param: { name: 'id', in: 'path' }, example, description: `The ${name} id` }) })
