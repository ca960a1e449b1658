/**
 * A verdict's sentence as data: a key of the verdict-text catalogue and its parameters (figures,
 * groups, thresholds, nested sentences). Checks never write a sentence by hand: they call `say`,
 * which gives the English sentence (stored as the verdict's `message`, printed by the CLI and the
 * API) and the `text` the dashboard words again in the reader's language. English lives in
 * verdict-text-en.ts; every other language's catalogue must have the same keys with the same
 * parameters (a compile error otherwise; see http/dashboard/i18n/verdicts-zh-CN.ts).
 *
 * A key is a contract with stored publications: change a key's parameters only under a new key.
 */
import { quote } from '../kernel/index.js'
import { verdictTextEn } from './verdict-text-en.js'
import type { Said, TextFormat, VerdictText } from './verdict.js'

export type { Said, TextFormat, VerdictText } from './verdict.js'

/** One catalogue entry: the sentence from its parameters. */
export type TextEntry<P> = (p: P, f: TextFormat) => string

type En = typeof verdictTextEn
export type VerdictTextKey = keyof En
/** The parameters of a key (undefined for a sentence without any). */
export type TextParams<K extends VerdictTextKey> = Parameters<En[K]> extends [] ? undefined : Parameters<En[K]>[0]
/** A catalogue of another language: every key, with the same parameters. */
export type VerdictCatalogue = { [K in VerdictTextKey]: TextEntry<TextParams<K>> }

/** English formatting: the forms Bund's messages always used (toFixed, `12.5%`, plain counts). */
const englishFormat: TextFormat = {
  fixed: (x, digits) => x.toFixed(digits),
  count: (x) => String(x),
  pct: (x, digits = 1) => `${(x * 100).toFixed(digits)}%`,
  value: (x) => String(x),
  list: (xs) => xs.join(', '),
  quote: (s) => quote(s),
  text: (t) => renderText(verdictTextEn as unknown as VerdictCatalogue, englishFormat, t),
}

/** The sentence of `text` from a catalogue; throws when the key is unknown to it. */
export function renderText(catalogue: VerdictCatalogue, format: TextFormat, text: VerdictText): string {
  const entry = (catalogue as Record<string, TextEntry<unknown> | undefined>)[text.key]
  if (typeof entry !== 'function' || !Object.hasOwn(catalogue, text.key)) throw new RangeError(`no sentence ${text.key} in the catalogue`)
  return entry(text.params, format)
}

/** A check's sentence: `say('fourFifthsBelow', { ratio, … })`. */
export function say<K extends VerdictTextKey>(key: K, ...params: TextParams<K> extends undefined ? [] : [TextParams<K>]): Said {
  const text: VerdictText = params.length === 0 ? { key } : { key, params: params[0] as Record<string, unknown> }
  return { message: renderText(verdictTextEn as unknown as VerdictCatalogue, englishFormat, text), text }
}
