/**
 * Which language a dashboard page is in: `?lang=` first (an unknown value means English, and a
 * known one is remembered in a cookie), then that cookie, then `Accept-Language`, else English.
 * Parsing and matching are hono's own language detectors; numbers and dates go through Intl.
 */
import type { Context } from 'hono'
import { setCookie } from 'hono/cookie'
import { detectFromCookie, detectFromHeader, detectFromQuery } from 'hono/language'

export const LOCALES = ['en', 'zh-CN'] as const
export type Locale = (typeof LOCALES)[number]
export const DEFAULT_LOCALE: Locale = 'en'

/** The cookie that remembers a language chosen with the page's switch. */
export const LANG_COOKIE = 'bund_lang'
/** The query parameter of the language switch and of shareable links. */
export const LANG_QUERY = 'lang'

const OPTIONS = {
  order: ['querystring', 'cookie', 'header'] as Array<'querystring' | 'cookie' | 'header'>,
  lookupQueryString: LANG_QUERY,
  lookupCookie: LANG_COOKIE,
  lookupFromHeaderKey: 'accept-language' as const,
  lookupFromPathIndex: 0,
  caches: false as const,
  ignoreCase: true,
  fallbackLanguage: DEFAULT_LOCALE,
  supportedLanguages: [...LOCALES] as string[],
  // zh, zh-Hans, zh-Hans-CN, zh-SG all read the simplified-Chinese pages.
  convertDetectedLanguage: (lang: string) => (/^zh(-hans)?(-[a-z]{2})?$/i.test(lang) && !/^zh-(tw|hk|mo)$/i.test(lang) ? 'zh-CN' : lang),
  cookieOptions: {},
  debug: false,
}

/** The locale a request asks for (as localeOf), without remembering it. */
export function requestedLocale(c: Context): Locale {
  if (c.req.query(LANG_QUERY) !== undefined) return (detectFromQuery(c, OPTIONS) as Locale | undefined) ?? DEFAULT_LOCALE
  return (detectFromCookie(c, OPTIONS) ?? detectFromHeader(c, OPTIONS) ?? DEFAULT_LOCALE) as Locale
}

/** The page's locale for this request; a known `?lang=` is also remembered for the next pages. */
export function localeOf(c: Context, secureCookie: boolean): Locale {
  const query = c.req.query(LANG_QUERY)
  if (query !== undefined) {
    const chosen = detectFromQuery(c, OPTIONS) as Locale | undefined
    if (chosen === undefined) return DEFAULT_LOCALE
    setCookie(c, LANG_COOKIE, chosen, { path: '/', sameSite: 'Lax', secure: secureCookie, httpOnly: true, maxAge: 365 * 24 * 3600 })
    return chosen
  }
  return (detectFromCookie(c, OPTIONS) ?? detectFromHeader(c, OPTIONS) ?? DEFAULT_LOCALE) as Locale
}
