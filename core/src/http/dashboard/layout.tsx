/** The frame of every page: head, a skip link, the site header with navigation and the language switch, main, footer. */
import type { Child } from 'hono/jsx'
import { ASSET_BASE } from './assets.js'
import { LANGUAGE_NAMES, LANG_QUERY, LOCALES, type Translator } from './i18n/index.js'

/** What every page knows about the viewer. */
export interface Viewer {
  /** Present when an operator is signed in. */
  operator?: { tokenId: string; csrf: string }
  /** The path being shown, for the navigation's current page. */
  path: string
  /** The page's language. */
  t: Translator
}

export function Layout(props: { title: string; viewer: Viewer; children?: Child; scripts?: boolean; /** Inline stylesheet and no scripts: the page printed to PDF. */ inlineCss?: string }) {
  const { viewer } = props
  const { m } = viewer.t
  const nav: Array<[string, string]> = [['/', m.navOverview]]
  if (viewer.operator !== undefined) nav.push(['/review', m.navReview])
  const standalone = props.inlineCss !== undefined
  return (
    <html lang={viewer.t.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ${m.showcase}`}</title>
        <link rel="icon" href="data:," />
        {props.inlineCss !== undefined ? <style dangerouslySetInnerHTML={{ __html: props.inlineCss.replace(/<\//g, '<\\/') }}></style> : <link rel="stylesheet" href={`${ASSET_BASE}/dashboard.css`} />}
        {!standalone && props.scripts ? <script src={`${ASSET_BASE}/chart.umd.min.js`} defer></script> : null}
        {!standalone ? <script src={`${ASSET_BASE}/dashboard.js`} defer></script> : null}
      </head>
      <body>
        <a class="skip" href="#main">
          {m.skip}
        </a>
        <header class="site">
          <a class="brand" href="/">
            {m.siteName} <span>{m.siteTagline}</span>
          </a>
          <nav aria-label={m.navMain}>
            <ul>
              {nav.map(([href, label]) => (
                <li>
                  <a href={href} aria-current={viewer.path === href ? 'page' : undefined}>
                    {label}
                  </a>
                </li>
              ))}
              <li>
                {viewer.operator === undefined ? (
                  <a href={`/login?next=${encodeURIComponent(viewer.path)}`} aria-current={viewer.path === '/login' ? 'page' : undefined}>
                    {m.signIn}
                  </a>
                ) : (
                  <form method="post" action="/logout" class="inline">
                    <input type="hidden" name="csrf" value={viewer.operator.csrf} />
                    <button type="submit" class="link">
                      {m.signOut}
                    </button>
                  </form>
                )}
              </li>
            </ul>
          </nav>
          <nav aria-label={m.language} class="langs">
            <ul>
              {LOCALES.map((locale) => (
                <li>
                  <a href={`${viewer.path}?${LANG_QUERY}=${locale}`} hreflang={locale} lang={locale} aria-current={viewer.t.locale === locale ? 'true' : undefined}>
                    {LANGUAGE_NAMES[locale]}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </header>
        <main id="main">{props.children}</main>
        <footer class="site">
          <p>
            {m.footer} <a href="/api/v1/publications">/api/v1/publications</a>.
          </p>
        </footer>
      </body>
    </html>
  )
}
