/** The frame of every page: head, a skip link, the site header with navigation, main, footer. */
import type { Child } from 'hono/jsx'
import { ASSET_BASE } from './assets.js'

/** What every page knows about the viewer. */
export interface Viewer {
  /** Present when an operator is signed in. */
  operator?: { tokenId: string; csrf: string }
  /** The path being shown, for the navigation's current page. */
  path: string
}

export function Layout(props: { title: string; viewer: Viewer; children?: Child; scripts?: boolean }) {
  const { viewer } = props
  const nav: Array<[string, string]> = [['/', 'Overview']]
  if (viewer.operator !== undefined) nav.push(['/review', 'Review'])
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · Bund showcase`}</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href={`${ASSET_BASE}/dashboard.css`} />
        {props.scripts ? <script src={`${ASSET_BASE}/chart.umd.min.js`} defer></script> : null}
        <script src={`${ASSET_BASE}/dashboard.js`} defer></script>
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="site">
          <a class="brand" href="/">
            Bund <span>regulatory sandbox</span>
          </a>
          <nav aria-label="Main">
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
                    Operator sign-in
                  </a>
                ) : (
                  <form method="post" action="/logout" class="inline">
                    <input type="hidden" name="csrf" value={viewer.operator.csrf} />
                    <button type="submit" class="link">
                      Sign out
                    </button>
                  </form>
                )}
              </li>
            </ul>
          </nav>
        </header>
        <main id="main">{props.children}</main>
        <footer class="site">
          <p>
            Every publication is signed by this instance (ed25519) and can be re-run from its seed. Machine-readable: <a href="/api/v1/publications">/api/v1/publications</a>.
          </p>
        </footer>
      </body>
    </html>
  )
}
