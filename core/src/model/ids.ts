/** The id and version grammar of kernel/scenario-id.ts and kernel/version.ts as zod schemas, for records, manifests and HTTP. */
import { z } from 'zod'
import { SCENARIO_ID_HINT, SCENARIO_ID_MAX, SCENARIO_ID_PATTERN, SCENARIO_REF_PATTERN, SLUG_HINT, SLUG_PATTERN, VERSION_HINT, VERSION_MAX, VERSION_PATTERN } from '../kernel/index.js'

/** An org, a scenario's name, a rule pack. */
export const slugSchema = z.string().regex(SLUG_PATTERN, `must be ${SLUG_HINT}`)
export const scenarioIdSchema = z.string().regex(SCENARIO_ID_PATTERN, SCENARIO_ID_HINT)
export const scenarioRefSchema = z.string().max(SCENARIO_ID_MAX + 1 + VERSION_MAX).regex(SCENARIO_REF_PATTERN, 'must be org/name or org/name@version, e.g. acme/credit-model@1.0.0')
/** Two slugs, e.g. a rule id `fair-lending/four-fifths`. */
export const qualifiedSlugSchema = z.string().regex(SCENARIO_ID_PATTERN, `must be two parts a/b, each ${SLUG_HINT}`)
export const versionSchema = z.string().max(VERSION_MAX).regex(VERSION_PATTERN, VERSION_HINT)
