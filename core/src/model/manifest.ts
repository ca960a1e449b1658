import { DATASET_KINDS, RESULT_KIND_NAMES } from '@bund/sdk'
import { z } from 'zod'
import { scenarioIdSchema, versionSchema } from './ids.js'
import { paramsSchemaProblem } from './params-schema-shape.js'

/** The largest number of rows one dataset partition may have. */
export const MAX_ROWS = 1_000_000
/** The most datasets one scenario may ask for. */
export const MAX_DATASETS = 8

const datasetKinds = Object.keys(DATASET_KINDS) as [keyof typeof DATASET_KINDS, ...(keyof typeof DATASET_KINDS)[]]

/** A dataset the scenario asks for. */
export const datasetRequestSchema = z
  .object({
    kind: z.enum(datasetKinds),
    rows: z.number().int().min(1).max(MAX_ROWS),
    trainingRows: z.number().int().min(0).max(MAX_ROWS).optional(),
    pii: z.boolean().optional(),
    /** Generator options of the kind (checked per kind when the data is generated). */
    options: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).optional(),
  })
  .strict()

/** The limits a scenario asks for; the runtime caps them. */
export const limitsRequestSchema = z
  .object({
    heapMb: z.number().int().min(8).max(4096).optional(),
    wallMs: z.number().int().min(10).max(600_000).optional(),
    cpuMs: z.number().int().min(10).max(600_000).optional(),
    outputBytes: z.number().int().min(1024).max(1024 * 1024 * 1024).optional(),
  })
  .strict()

/** What a scenario declares about itself; read from the bundle at build time. */
export const definitionSchema = z
  .object({
    id: scenarioIdSchema,
    version: versionSchema,
    title: z.string().min(1).max(200),
    description: z.string().max(5000).optional(),
    author: z.string().min(1).max(200).optional(),
    category: z.enum(['credit', 'lending', 'settlement', 'risk', 'aml', 'market', 'other']),
    datasets: z
      .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).max(64), datasetRequestSchema)
      .refine((d) => Object.keys(d).length <= MAX_DATASETS, { message: `at most ${MAX_DATASETS} datasets` }),
    result: z.enum(RESULT_KIND_NAMES),
    paramsSchema: z
      .record(z.string(), z.unknown())
      .superRefine((schema, ctx) => {
        const problem = paramsSchemaProblem(schema)
        if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem })
      })
      .optional(),
    limits: limitsRequestSchema.optional(),
    /** The author keeps the bundle private: no public re-run (see core/src/store/README.md). */
    sealed: z.boolean().optional(),
  })
  .strict()

/** A scenario's manifest: its definition, the SDK it was built for, and its bundle's hash. */
export const manifestSchema = definitionSchema
  .extend({
    manifestVersion: z.literal(1),
    author: z.string().min(1).max(200),
    sdk: z.string().min(1).max(50),
    bundle: z.object({ file: z.string().regex(/^[\w.-]+\.js$/), sha256: z.string().regex(/^[0-9a-f]{64}$/) }).strict(),
  })
  .strict()

export type Manifest = z.infer<typeof manifestSchema>
export type ScenarioDeclaration = z.infer<typeof definitionSchema>
export type DatasetRequestSpec = z.infer<typeof datasetRequestSchema>
