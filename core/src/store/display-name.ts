/**
 * An author org's display name, as an operator sets it (`PUT /api/v1/orgs/{org}`, `bund author
 * set-name`): what the registry and the dashboard show for the org's scenarios. It is shown to every
 * reader, so it is held to what a name looks like: letters (any script), digits, single spaces and a
 * few punctuation marks; no control, formatting or bidirectional characters (which can make one
 * name look like another), no symbols or emoji.
 */
import { BundError } from '../kernel/index.js'

export const DISPLAY_NAME_MAX = 80
const ALLOWED = /^[\p{L}\p{M}\p{N} .,&'’()\-/+:]+$/u
const PUNCTUATION = ".,&'’()-/+:"

/** The name, NFC-normalised and trimmed, or DISPLAY_NAME_INVALID naming what is wrong. */
export function checkDisplayName(text: string): string {
  const name = text.normalize('NFC').trim()
  const fail = (why: string) => new BundError('DISPLAY_NAME_INVALID', `the display name ${why}`, { field: 'displayName' })
  if (name === '') throw fail('is empty')
  const length = [...name].length
  if (length > DISPLAY_NAME_MAX) throw fail(`is ${length} characters long; at most ${DISPLAY_NAME_MAX}`)
  if (!ALLOWED.test(name)) {
    const bad = [...name].find((ch) => !ALLOWED.test(ch)) as string
    const point = `U+${(bad.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}`
    throw fail(`has ${point}, which a name may not have (letters, digits, single spaces and ${PUNCTUATION} only)`)
  }
  if (/ {2}/.test(name)) throw fail('has two spaces in a row')
  if (!/\p{L}/u.test(name)) throw fail('has no letter')
  return name
}

/** The author a scenario is shown under: its org's display name when an operator set one, else the name recorded at upload. */
export function displayedAuthor(scenario: { id: string; author: string }, orgNames: ReadonlyMap<string, string>): string {
  return orgNames.get(scenario.id.split('/')[0] as string) ?? scenario.author
}

/** Every org's display name, by org. */
export async function orgNamesOf(store: { listOrgs(): Promise<Array<{ org: string; displayName: string }>> }): Promise<Map<string, string>> {
  return new Map((await store.listOrgs()).map((o) => [o.org, o.displayName]))
}
