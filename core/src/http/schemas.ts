/**
 * The API's shapes, as zod schemas that validate requests and describe responses in the OpenAPI
 * document. Records are the model's schemas (core/src/model), named here for the document;
 * open-ended parts (params, evidence) are described as objects without listing their fields.
 */
import { z } from '@hono/zod-openapi'
import { auditEntrySchema, auditVerificationSchema, publicationSchema, resourcesSchema, runRecordSchema, scenarioRecordSchema, slugSchema, tokenRecordSchema, verdictSchema } from '../model/index.js'

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

export const ScenarioSchema = scenarioRecordSchema.meta({ id: 'Scenario' })

export const RunRecordSchema = runRecordSchema.meta({ id: 'RunRecord' })

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

export const PublicationSchema = publicationSchema.meta({ id: 'Publication' })

export const PageQuerySchema = z.object({
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0).openapi({ param: { name: 'offset', in: 'query' }, example: 0 }),
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ param: { name: 'limit', in: 'query' }, example: 50 }),
})

export const pageOf = <T extends z.ZodType>(item: T, name: string) =>
  z.object({ items: z.array(item), offset: z.number().int(), limit: z.number().int(), total: z.number().int() }).openapi(name)

/** A token as the API shows it: never its hash. */
export const TokenSchema = tokenRecordSchema.omit({ hash: true }).meta({ id: 'Token' })

export const AuditEntrySchema = auditEntrySchema.meta({ id: 'AuditEntry' })

export const AuditVerificationSchema = auditVerificationSchema.meta({ id: 'AuditVerification' })

export const ScenarioIdParams = z.object({
  org: slugSchema.meta({ param: { name: 'org', in: 'path' }, example: 'acme' }),
  name: slugSchema.meta({ param: { name: 'name', in: 'path' }, example: 'credit-model' }),
})

export const IdParam = (name: string, example: string, pattern = /^[A-Za-z0-9_-]{1,100}$/) =>
  z.object({ id: z.string().regex(pattern).openapi({ param: { name: 'id', in: 'path' }, example, description: `The ${name} id` }) })
