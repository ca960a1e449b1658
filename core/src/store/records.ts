/**
 * The store's records are the model's (core/src/model): their zod schemas are the one description
 * from which these types, the HTTP schemas and the stored shapes derive.
 */
export type { ScenarioRecord, RunRecord, RunStatus, Publication, TokenRecord, AuthorKeyRecord, OrgRecord, AuditEntry, AuditVerification } from '../model/index.js'
