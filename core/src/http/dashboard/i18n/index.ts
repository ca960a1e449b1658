/**
 * The dashboard's languages: a typed message catalogue per locale (en.ts, zh-CN.ts), rule text per
 * locale (rule-text.ts), and Intl formatting of numbers and dates. Pages get one `Translator`.
 *
 * Why our own catalogue rather than i18next or Lingui: the pages are rendered on the server by
 * hono/jsx from TypeScript, so messages as typed functions give a compile error for a missing key
 * or a wrong parameter, need no runtime parser or loader, and the locale is plain data passed down.
 */
import type { Verdict } from '../../../model/index.js'
import { quote } from '../../../kernel/index.js'
import { renderText, type TextFormat, type VerdictCatalogue, type VerdictText, verdictTextEn } from '../../../compliance/index.js'
import { verdictsZhCN } from './verdicts-zh-CN.js'
import { type Direction, directionOf } from '../directions.js'
import { type Messages, en } from './en.js'
import { type Locale, LOCALES } from './locale.js'
import { ruleCatalogue } from './rule-text.js'
import { zhCN } from './zh-CN.js'
import { type ChartMessages, chartsEn } from './charts-en.js'
import { chartsZhCN } from './charts-zh-CN.js'

export { type Locale, LOCALES, DEFAULT_LOCALE, LANG_QUERY, localeOf } from './locale.js'
export type { Messages } from './en.js'
export type { ChartMessages } from './charts-en.js'

export const CATALOGUES: Record<Locale, Messages> = { en, 'zh-CN': zhCN }
export const CHART_CATALOGUES: Record<Locale, ChartMessages> = { en: chartsEn, 'zh-CN': chartsZhCN }
/** Verdict sentences (compliance/verdict-text.ts): English is the checks' own catalogue. */
export const VERDICT_CATALOGUES: Record<Locale, VerdictCatalogue> = { en: verdictTextEn as unknown as VerdictCatalogue, 'zh-CN': verdictsZhCN }

/** The language names shown on the switch, each in its own language. */
export const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', 'zh-CN': '简体中文' }

export interface Translator {
  locale: Locale
  m: Messages
  /** Chart text. */
  c: ChartMessages
  /** A number with the locale's grouping; at most `digits` decimals. */
  num(x: number, digits?: number): string
  /** A share (0.25) as a percentage. */
  pct(x: number, digits?: number): string
  /** An ISO timestamp as date and time in UTC. */
  date(iso: string): string
  /** A verdict's figure or threshold: integers whole, small numbers to three places. */
  figure(x: number | null): string
  ruleTitle(v: Pick<Verdict, 'rule' | 'title'>): string
  /** The remedy in this language; the pack's English one when there is no translation. */
  ruleRemedy(v: Pick<Verdict, 'rule'> & { remedy?: string }): string | undefined
  packTitle(id: string, fallback: string): string
  direction(d: Direction): string
  directionOfCheck(check: string): string
  status(status: Verdict['status']): string
  /**
   * A verdict's sentence in this language, from its catalogue text with the figures formatted for
   * the locale; undefined when the verdict predates catalogue texts (or names a sentence this
   * version does not know). English is the stored message itself.
   */
  verdictSentence(v: Pick<Verdict, 'message' | 'text'>): string | undefined
}

const cache = new Map<Locale, Translator>()

export function translator(locale: Locale): Translator {
  const hit = cache.get(locale)
  if (hit !== undefined) return hit
  const m = CATALOGUES[locale]
  const rules = ruleCatalogue(locale)
  // Intl formatters are costly to make (tens of microseconds each, the first one per locale tens of
  // milliseconds): one per style and digits, made once.
  const formats = new Map<string, Intl.NumberFormat>()
  const formatter = (style: 'max' | 'fixed' | 'percent', digits: number) => {
    const key = `${style}${digits}`
    let f = formats.get(key)
    if (f === undefined) {
      const options: Intl.NumberFormatOptions =
        style === 'max' ? { maximumFractionDigits: digits } : { ...(style === 'percent' ? { style: 'percent' } : {}), minimumFractionDigits: digits, maximumFractionDigits: digits }
      formats.set(key, (f = new Intl.NumberFormat(locale, options)))
    }
    return f
  }
  const number = (digits: number) => formatter('max', digits)
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })
  const directions: Record<Direction, string> = { higher: m.directionHigher, lower: m.directionLower, zero: m.directionZero }
  const statuses: Record<Verdict['status'], string> = { pass: m.statusPass, warn: m.statusWarn, fail: m.statusFail }
  const verdicts = VERDICT_CATALOGUES[locale]
  const format: TextFormat = {
    fixed: (x, digits) => (Number.isFinite(x) ? formatter('fixed', digits).format(x) : String(x)),
    count: (x) => t.num(x, 2),
    pct: (x, digits = 1) => t.pct(x, digits),
    value: (x) => t.num(x, 6),
    list: (xs) => xs.join(m.listSeparator),
    quote: (s) => quote(s),
    text: (text: VerdictText) => renderText(verdicts, format, text),
  }
  const t: Translator = {
    locale,
    m,
    c: CHART_CATALOGUES[locale],
    num: (x, digits = 3) => (Number.isFinite(x) ? number(digits).format(x) : String(x)),
    pct: (x, digits = 1) => formatter('percent', digits).format(x),
    date: (iso) => {
      const d = new Date(iso)
      return Number.isNaN(d.getTime()) ? iso : `${dates.format(d)} UTC`
    },
    figure: (x) => {
      if (x === null) return '—'
      if (Number.isInteger(x)) return number(0).format(x)
      return Math.abs(x) >= 100 ? number(1).format(Number(x.toFixed(1))) : formatter('fixed', 3).format(x)
    },
    ruleTitle: (v) => rules?.rules[v.rule]?.title ?? v.title,
    ruleRemedy: (v) => rules?.rules[v.rule]?.remedy ?? v.remedy,
    packTitle: (id, fallback) => rules?.packs[id] ?? fallback,
    direction: (d) => directions[d],
    directionOfCheck: (check) => directions[directionOf(check)],
    status: (s) => statuses[s] ?? s,
    verdictSentence: (v) => {
      if (locale === 'en') return v.message
      if (v.text === undefined) return undefined
      try {
        return renderText(verdicts, format, v.text)
      } catch {
        // A stored text of another version's catalogue (unknown key, other parameters).
        return undefined
      }
    },
  }
  cache.set(locale, t)
  return t
}

/** Every locale's translator (for tests and the language switch). */
export function translators(): Translator[] {
  return LOCALES.map(translator)
}
