/**
 * The model: the zod schemas of Bund's records, from which their TypeScript types, the HTTP API's
 * schemas and the stored shapes derive, and the id grammar's schemas. Imports only the kernel (and the SDK's types).
 */
export { verdictSchema, verdictTextSchema, type Verdict, type VerdictText } from './verdict.js'
export { resourcesSchema, type Resources } from './resources.js'
export { logLineSchema, readSetSchema, runErrorSchema, type RunError } from './run-parts.js'
export { slugSchema, scenarioIdSchema, scenarioRefSchema, qualifiedSlugSchema, versionSchema } from './ids.js'
export { manifestSchema, definitionSchema, datasetRequestSchema, MAX_ROWS, type Manifest, type ScenarioDeclaration, type DatasetRequestSpec } from './manifest.js'
export { paramsSchemaProblem, nestingDepth, MAX_PARAMS_SCHEMA_DEPTH, MAX_PARAMS_SCHEMA_NODES } from './params-schema-shape.js'
export { scenarioRecordSchema, authorSignatureSchema, type ScenarioRecord } from './scenario-record.js'
export { runRecordSchema, runStatusSchema, amendmentSchema, type RunRecord, type RunStatus } from './run-record.js'
export { publicationSchema, type Publication } from './publication.js'
export { tokenRecordSchema, authorKeyRecordSchema, orgRecordSchema, type TokenRecord, type AuthorKeyRecord, type OrgRecord } from './access.js'
export { auditEntrySchema, auditVerificationSchema, type Actor, type AuditEntry, type AuditVerification } from './audit-entry.js'
