/** Scenario-provided text is cut to a size before it is shown (hono/jsx escapes it when rendered). */

/** The most characters shown in one place: a title, a short note (a description on a card), a long text (a model-card field, a log line). */
export const TEXT_CAP = { title: 200, short: 300, long: 2000 } as const

/** `text` cut to `max` characters, with an ellipsis when cut; non-strings as their String(). */
export function clip(text: unknown, max: number): string {
  const s = typeof text === 'string' ? text : text === undefined || text === null ? '' : String(text)
  return s.length <= max ? s : `${s.slice(0, max)}…`
}
