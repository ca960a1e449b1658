/**
 * The model: the zod schemas of Bund's records, from which their TypeScript types, the HTTP API's
 * schemas and the stored shapes derive, and the id grammar's schemas. Imports only the kernel (and the SDK's types).
 */
export { verdictSchema, verdictTextSchema, type Verdict, type VerdictText } from './verdict.js'
export { resourcesSchema, type Resources } from './resources.js'
export { logLineSchema, readSetSchema, runErrorSchema, type RunError } from './run-parts.js'
export { slugSchema, scenarioIdSchema, scenarioRefSchema, qualifiedSlugSchema, versionSchema } from './ids.js'
