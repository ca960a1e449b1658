/**
 * The version grammar: a scenario's and a rule pack's version is a semantic version 2.0.0 with no
 * `v` prefix (https://semver.org, whose regex this is), ordered by semver precedence (`semver`, the
 * parser npm uses): 1.0.0-rc.1 < 1.0.0 < 1.0.1 < 1.10.0. Build metadata (`+…`) orders last, so
 * two distinct version strings never compare equal.
 */
// Only the one function: every command that reports an error loads the kernel.
import compareBuild from 'semver/functions/compare-build.js'
import { BundError } from './errors.js'

export const VERSION_PATTERN =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/

/** The longest version accepted (semver's own cap is 256). */
export const VERSION_MAX = 100

export const VERSION_HINT = 'must be a semantic version such as 1.0.0 or 1.1.0-rc.1'

export function isVersion(text: string): boolean {
  return text.length <= VERSION_MAX && VERSION_PATTERN.test(text)
}

/** The version itself, or SCENARIO_ID_INVALID naming what is wrong. */
export function parseVersion(text: string): string {
  if (!isVersion(text)) throw new BundError('SCENARIO_ID_INVALID', `${JSON.stringify(text.slice(0, VERSION_MAX))} is not a version: it ${VERSION_HINT}`)
  return text
}

/**
 * Semver precedence, then build metadata, for sorting (negative: `a` is older). Never throws: a
 * string that is no version (only a record written before the grammar was enforced could hold one)
 * sorts before every version, and such strings among themselves by their text.
 */
export function compareVersions(a: string, b: string): number {
  const okA = isVersion(a)
  const okB = isVersion(b)
  if (okA && okB) return compareBuild(a, b)
  if (okA !== okB) return okA ? 1 : -1
  return a < b ? -1 : a > b ? 1 : 0
}
