/**
 * Scenario-provided text (a series name, a dictionary entry, an id) as Bund's messages quote it:
 * the text a scenario controls is cut to a few hundred characters before it is put in a verdict
 * message, evidence, an error or a log line, so no scenario can make a record large by naming
 * things. Every message that names something from an output quotes it with `quote`.
 */

/** The most characters of scenario text one quote shows. */
export const QUOTE_CHARS = 200

/**
 * `text` in double quotes with JSON escapes (control characters and quotes visible, no line breaks),
 * cut to `max` characters of the original with the full length noted, e.g. `"book…" (100000000 characters)`.
 */
export function quote(text: unknown, max = QUOTE_CHARS): string {
  const s = typeof text === 'string' ? text : String(text)
  if (s.length <= max) return JSON.stringify(s)
  return `${JSON.stringify(s.slice(0, max))}… (${s.length} characters)`
}

/** `text` itself (no quotes) when short, else cut to `max` characters with the full length noted. */
export function clipText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`
}
