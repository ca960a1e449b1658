/**
 * The kernel: the bottom layer. What every other layer uses and that depends on nothing of Bund:
 * errors with their HTTP status, hashing, canonical JSON, key ids, quoting scenario text, and the
 * scenario id and version grammar.
 */
export { BundError, isBundError, ERROR_CODES, STATUS_OF_CODE, statusOfCode, codeOfStatus, type ErrorCode, type ErrorStatus } from './errors.js'
export { sha256 } from './hash.js'
export { quote, clipText, QUOTE_CHARS } from './quote.js'
export { SLUG_PATTERN, SLUG_MAX, SLUG_HINT, SCENARIO_ID_PATTERN, SCENARIO_REF_PATTERN, SCENARIO_ID_MAX, SCENARIO_ID_HINT, isScenarioId, isScenarioRef, parseScenarioRef, orgOf, nameOf, type ScenarioRef } from './scenario-id.js'
export { VERSION_PATTERN, VERSION_MAX, VERSION_HINT, isVersion, parseVersion, compareVersions } from './version.js'
export { canonicalJson, toJsonValue, fromJsonValue } from './canonical.js'
export { keyIdOf, publicPemOf } from './keys.js'
