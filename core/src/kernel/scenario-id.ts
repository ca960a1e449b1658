/**
 * The scenario id grammar: `org/name`, each part a lower-case slug (letters, digits, dashes, not
 * starting with a dash). A reference names one version: `org/name@version` (see version.ts), or
 * the latest when the version is left out. Rule packs and rules use the same slugs (`pack/rule`).
 * The zod schemas built on this grammar are in model/ids.ts (the kernel loads no schema library).
 */
import { BundError } from './errors.js'
import { VERSION_HINT, VERSION_MAX, VERSION_PATTERN, isVersion } from './version.js'

/** One lower-case segment: an org, a scenario name, a rule pack or a rule. */
export const SLUG_MAX = 100
const SLUG = `[a-z0-9][a-z0-9-]{0,${SLUG_MAX - 1}}`
export const SLUG_PATTERN = new RegExp(`^${SLUG}$`)
export const SLUG_HINT = `lower-case letters, digits and dashes, not starting with a dash, at most ${SLUG_MAX} characters`

export const SCENARIO_ID_PATTERN = new RegExp(`^${SLUG}/${SLUG}$`)
/** `org/name` with an optional `@version`, as one pattern (for OpenAPI documents; parseScenarioRef says which part is wrong). */
export const SCENARIO_REF_PATTERN = new RegExp(`^${SLUG}/${SLUG}(?:@${VERSION_PATTERN.source.slice(1, -1)})?$`)
/** Two slugs and the slash. */
export const SCENARIO_ID_MAX = 2 * SLUG_MAX + 1
export const SCENARIO_ID_HINT = `must be org/name in ${SLUG_HINT}, e.g. acme/credit-model`

/** A scenario, and optionally one of its versions. */
export interface ScenarioRef {
  id: string
  version?: string
}

export function isScenarioId(text: string): boolean {
  return text.length <= SCENARIO_ID_MAX && SCENARIO_ID_PATTERN.test(text)
}

/**
 * `org/name` or `org/name@version` taken apart; SCENARIO_ID_INVALID saying which part is wrong.
 * The version is split at the first `@`: neither grammar has one.
 */
export function parseScenarioRef(text: string): ScenarioRef {
  const at = text.indexOf('@')
  const id = at < 0 ? text : text.slice(0, at)
  const shown = JSON.stringify(text.slice(0, SCENARIO_ID_MAX + VERSION_MAX + 1))
  if (!isScenarioId(id)) throw new BundError('SCENARIO_ID_INVALID', `${shown} is not a scenario id: it ${SCENARIO_ID_HINT}, optionally @version`)
  if (at < 0) return { id }
  const version = text.slice(at + 1)
  if (!isVersion(version)) throw new BundError('SCENARIO_ID_INVALID', `${shown} names no valid version after @: a version ${VERSION_HINT}`)
  return { id, version }
}

/** True when `text` parses as a scenario reference. */
export function isScenarioRef(text: string): boolean {
  try {
    parseScenarioRef(text)
    return true
  } catch {
    return false
  }
}

/** The org of a scenario id: its namespace, whose authors may upload and see it. */
export function orgOf(scenarioId: string): string {
  const slash = scenarioId.indexOf('/')
  return slash < 0 ? scenarioId : scenarioId.slice(0, slash)
}

/** The name of a scenario id, after its org. */
export function nameOf(scenarioId: string): string {
  return scenarioId.slice(scenarioId.indexOf('/') + 1)
}
