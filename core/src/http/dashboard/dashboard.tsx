/**
 * The showcase dashboard: server-rendered pages (hono/jsx) over the store, as a hono sub-app the
 * server mounts at `/`. Public pages need no sign-in; operator pages take the operator token once
 * and keep a server-side session behind a Secure, HttpOnly, SameSite=Strict cookie. Forms that
 * change state carry the session's CSRF token and must come from this origin.
 *
 * Middleware here is attached to the dashboard's own paths only, never `*`: mounted at `/`, a
 * wildcard would run on every API route too.
 */
import type { Context } from 'hono'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { csrf } from 'hono/csrf'
import { HTTPException } from 'hono/http-exception'
import { streamSSE } from 'hono/streaming'
import type { JSX } from 'hono/jsx/jsx-runtime'
import { LRUCache } from 'lru-cache'
import type { Logger } from 'pino'
import { z } from 'zod'
import { BundError, isBundError, sha256 } from '../../kernel/index.js'
import { authenticate } from '../middleware/auth/bearer.js'
import { onError, problem } from '../middleware/problem/index.js'
import { ASSET_BASE, loadAssets } from './assets.js'
import { readOutput } from './charts/index.js'
import type { DashboardDeps } from './deps.js'
import { LOCALES, type Translator, localeOf, translator } from './i18n/index.js'
import type { Viewer } from './layout.js'
import { LoginPage } from './pages/login.js'
import { MessagePage } from './pages/message.js'
import { OverviewPage } from './pages/overview.js'
import { PublicationPage } from './pages/publication.js'
import { ReviewPage } from './pages/review.js'
import { QueuedRunPage, RunPage } from './pages/run.js'
import { visibleScenarios } from './pages/overview.js'
import { PdfBusy, PdfPrinter, findChromium } from './pdf.js'
import { type PublicationFacts, publicationFacts } from './publication-facts.js'
import { ScenarioPage, pageNumber } from './pages/scenario.js'
import { ComparePage } from './pages/compare.js'
import { compareVersionsAt } from './version-comparison.js'
import { type Session, Sessions, csrfMatches } from './session.js'
import { orgNamesOf } from '../../store/display-name.js'

/** Pages may load scripts, styles and data from this origin only: no inline script, no CDN. */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"

const loginForm = z.object({ token: z.string().trim().min(1, 'enter the operator token').max(200), next: z.string().max(500).optional() })
const releaseForm = z.object({
  csrf: z.string().max(100),
  reason: z.string().trim().min(10, 'give a reason of at least 10 characters').max(2000, 'keep the reason under 2000 characters'),
})
const logoutForm = z.object({ csrf: z.string().max(100) })

/** The largest form the dashboard reads (sign-in, release, sign-out). */
const FORM_BYTES = 16 * 1024

/** The dashboard as a hono app; mount it with `app.route('/', createDashboard(deps))`. */
/** Public pages kept rendered (per path, query, language and origin, for the current store state). */
const PUBLIC_PAGES_CACHED = 128

export function createDashboard(deps: DashboardDeps): Hono {
  const { store } = deps
  const app = new Hono()
  const assets = loadAssets()
  const sessions = new Sessions(deps.sessions)
  const secure = deps.secureCookies ?? true
  const cookie = secure ? '__Host-bund_session' : 'bund_session'
  const facts = memoCache<PublicationFacts>(64)
  const chromium = deps.pdf === false ? undefined : findChromium()
  const printer = chromium === undefined ? undefined : new PdfPrinter(chromium)
  const pdfs = memoCache<Promise<Buffer>>(16)
  const publicPages = memoCache<Promise<string>>(PUBLIC_PAGES_CACHED)
  // Each language's Intl data is loaded at its first use (tens of milliseconds): at start, not in a request.
  for (const locale of LOCALES) {
    const t = translator(locale)
    t.date('2026-01-01T00:00:00Z')
    t.figure(0.5)
    t.pct(0.5)
  }

  /** The signed-in operator, if any: the session must exist and its token must still be live. */
  async function sessionOf(c: Context): Promise<Session | undefined> {
    const id = getCookie(c, cookie)
    const session = sessions.get(id)
    if (session === undefined) return undefined
    const token = await store.findToken(session.tokenHash)
    if (token === undefined || token.role !== 'operator') {
      sessions.delete(id)
      return undefined
    }
    return session
  }

  function tOf(c: Context): Translator {
    return translator(localeOf(c, secure))
  }

  async function viewerOf(c: Context): Promise<Viewer> {
    const session = await sessionOf(c)
    return { path: c.req.path, t: tOf(c), ...(session ? { operator: { tokenId: session.tokenId, csrf: session.csrf } } : {}) }
  }

  /** What the page of a publication shows from its output, drawn once per output and language. */
  function factsOf(publication: { outputHash: string; verdicts: Parameters<typeof publicationFacts>[1] }, t: Translator): PublicationFacts {
    return facts.memo(`${publication.outputHash}:${t.locale}`, {
      context: () => {
        try {
          return publicationFacts(readOutput(store.artifacts, publication.outputHash), publication.verdicts, t)
        } catch (e) {
          return { charts: [], chartProblem: isBundError(e) ? e.message : (e as Error).message, aggregates: [], moreAggregates: 0, countNotes: [] }
        }
      },
    })
  }

  async function page(c: Context, node: JSX.Element, status: 200 | 400 | 403 | 404 | 409 | 500 | 503 = 200, privateView = false): Promise<Response> {
    c.header('Content-Security-Policy', CSP)
    c.header('X-Content-Type-Options', 'nosniff')
    c.header('Referrer-Policy', 'same-origin')
    c.header('Cache-Control', privateView ? 'no-store' : 'no-cache')
    // The language comes from ?lang=, a cookie or Accept-Language.
    c.header('Vary', 'Accept-Language, Cookie')
    const html = status === 200 && !privateView ? await publicHtml(c, node) : await node.toString()
    return c.html(`<!doctype html>${html}`, status)
  }

  /**
   * A page as the public sees it, rendered once per store state: every state change appends to the
   * audit log, so the log's size names the state. Concurrent requests for one page share one render,
   * so anonymous load costs a lookup, not a render per request (the event loop stays free).
   */
  async function publicHtml(c: Context, node: JSX.Element): Promise<string> {
    let state: number
    try {
      state = (await store.logHashes()).size
    } catch {
      return node.toString()
    }
    const url = new URL(c.req.url)
    const key = `${state}|${tOf(c).locale}|${url.origin}|${url.pathname}${url.search}`
    const made = publicPages.memo(key, { context: () => Promise.resolve(node.toString()) })
    made.catch(() => publicPages.delete(key))
    return made
  }

  const notFound = (c: Context, viewer: Viewer, what: string) => page(c, <MessagePage viewer={viewer} title={viewer.t.m.notFound} message={what} />, 404)
  const toLogin = (c: Context) => c.redirect(`/login?next=${encodeURIComponent(c.req.path)}`, 303)
  const sameOrigin = csrf()
  // Refused as every other early refusal: problem+json BODY_TOO_LARGE (through app.onError below).
  const smallForm = bodyLimit({
    maxSize: FORM_BYTES,
    onError: () => {
      throw new HTTPException(413, { message: `the form is over the limit of ${FORM_BYTES} bytes` })
    },
  })

  app.onError((e, c) => {
    // A refusal by hono's middleware (a cross-site form post refused by csrf(): 403) is the client's
    // doing: problem+json with its status and one JSON log line, never a 500 or a stack on stderr.
    const logger = (c.get as (key: 'deps') => { logger?: Logger } | undefined)('deps')?.logger
    const fields = { requestId: c.get('requestId' as never) as string | undefined, method: c.req.method, path: c.req.path }
    if (e instanceof HTTPException && e.status < 500) {
      logger?.warn({ ...fields, status: e.status }, 'dashboard request refused')
      return onError(e, c as never)
    }
    const viewer = { path: c.req.path, t: tOf(c) }
    const message = isBundError(e) ? `${e.code}: ${e.message}` : viewer.t.m.pageFailed
    if (!isBundError(e)) logger?.error({ ...fields, err: { type: (e as Error)?.name, message: String((e as Error)?.message).slice(0, 500) } }, 'dashboard page failed')
    return page(c, <MessagePage viewer={viewer} title={viewer.t.m.somethingWrong} message={message} />, 500)
  })

  app.get(`${ASSET_BASE}/:name`, async (c) => {
    const asset = assets.get(c.req.param('name'))
    if (asset === undefined) return c.text('not found', 404)
    c.header('ETag', asset.etag)
    c.header('Cache-Control', 'public, max-age=300')
    c.header('X-Content-Type-Options', 'nosniff')
    if (c.req.header('if-none-match') === asset.etag) return c.body(null, 304)
    c.header('Content-Type', asset.type)
    return c.body(new Uint8Array(asset.body))
  })

  app.get('/', async (c) => {
    const viewer = await viewerOf(c)
    return page(c, <OverviewPage store={store} viewer={viewer} orgNames={await orgNamesOf(store)} />, 200, viewer.operator !== undefined)
  })

  app.get('/scenarios/:org/:name', async (c) => {
    const viewer = await viewerOf(c)
    const id = `${c.req.param('org')}/${c.req.param('name')}`
    // The public sees the scenarios the public API lists (those with a live publication), nothing else.
    const scenario = (await visibleScenarios(store, viewer)).find((s) => s.id === id)
    if (scenario === undefined) return notFound(c, viewer, viewer.t.m.noScenario)
    return page(c, <ScenarioPage store={store} viewer={viewer} scenario={scenario} orgNames={await orgNamesOf(store)} page={pageNumber(c.req.query('page'))} runsPage={pageNumber(c.req.query('runs'))} />, 200, viewer.operator !== undefined)
  })

  // A scenario's versions side by side on one seed (version-comparison.ts): one bounded page of each version's publications.
  app.get('/scenarios/:org/:name/compare', async (c) => {
    const viewer = await viewerOf(c)
    const id = `${c.req.param('org')}/${c.req.param('name')}`
    const scenario = (await visibleScenarios(store, viewer)).find((s) => s.id === id)
    if (scenario === undefined) return notFound(c, viewer, viewer.t.m.noScenario)
    const seed = Number(/^\d{1,10}$/.test(c.req.query('seed') ?? '') ? c.req.query('seed') : Number.NaN)
    if (!Number.isSafeInteger(seed)) return page(c, <MessagePage viewer={viewer} title={viewer.t.m.compareBadSeed} message={viewer.t.m.compareBadSeed} />, 400)
    // The public compares only versions with a live publication, as the public API lists them.
    const published = new Set((await store.publishedVersions()).filter((v) => v.scenario === id).map((v) => v.version))
    const versions = (await store.listScenarios()).filter((s) => s.id === id && (viewer.operator !== undefined || published.has(s.version))).map((s) => s.version)
    const comparison = await compareVersionsAt(store, id, versions, seed)
    return page(c, <ComparePage viewer={viewer} scenario={scenario} comparison={comparison} />, 200, viewer.operator !== undefined)
  })

  app.get('/publications/:id', async (c) => {
    const viewer = await viewerOf(c)
    const publication = await store.getPublication(c.req.param('id'))
    if (publication === undefined) return notFound(c, viewer, viewer.t.m.noPublication)
    return page(
      c,
      <PublicationPage store={store} viewer={viewer} publication={publication} facts={factsOf(publication, viewer.t)} pdf={printer !== undefined} origin={new URL(c.req.url).origin} orgNames={await orgNamesOf(store)} />,
      200,
      viewer.operator !== undefined,
    )
  })

  // The report as PDF: the same page, printed by headless Chromium (the public view, in the chosen language).
  app.get('/publications/:id/report.pdf', async (c) => {
    const t = tOf(c)
    const viewer: Viewer = { path: `/publications/${c.req.param('id')}`, t }
    const publication = await store.getPublication(c.req.param('id'))
    if (publication === undefined) return notFound(c, viewer, t.m.noPublication)
    if (printer === undefined) return page(c, <MessagePage viewer={viewer} title={t.m.pdfUnavailable} message={t.m.pdfUnavailableText} />, 404)
    // The page names the origin it was reached at (the verify command): a PDF is kept per origin, so one
    // request with a forged Host header cannot change the PDF everyone else downloads.
    const orgNames = await orgNamesOf(store)
    // A new display name for the org makes a new PDF too.
    const key = `${publication.id}:${publication.withdrawn === undefined ? '' : 'withdrawn'}:${t.locale}:${new URL(c.req.url).origin}:${orgNames.get(publication.scenario.split('/')[0] as string) ?? ''}`
    const html = async () =>
      `<!doctype html>${await (<PublicationPage store={store} viewer={viewer} publication={publication} facts={factsOf(publication, t)} pdf={false} inlineCss={assets.get('dashboard.css')!.body.toString('utf8')} origin={new URL(c.req.url).origin} orgNames={orgNames} />).toString()}`
    let pdf: Buffer
    try {
      pdf = await pdfs.memo(key, {
        context: () => {
          const made = html().then((h) => printer.print(h))
          // A failed print is not kept: the next request tries again.
          made.catch(() => pdfs.delete(key))
          return made
        },
      })
    } catch (e) {
      if (e instanceof PdfBusy) {
        c.header('Retry-After', '5')
        return page(c, <MessagePage viewer={viewer} title={t.m.pdfUnavailable} message={t.m.pdfBusy} />, 503)
      }
      throw e
    }
    c.header('Content-Type', 'application/pdf')
    c.header('Content-Disposition', `attachment; filename="${publication.id.replace(/[^A-Za-z0-9_.-]/g, '_')}-${t.locale}.pdf"`)
    c.header('Cache-Control', 'no-cache')
    c.header('X-Content-Type-Options', 'nosniff')
    return c.body(new Uint8Array(pdf))
  })

  app.get('/runs/:id', async (c) => {
    const viewer = await viewerOf(c)
    const id = c.req.param('id')
    const run = await store.getRun(id)
    if (run !== undefined) {
      if (run.status !== 'published' && viewer.operator === undefined) return toLogin(c)
      return page(c, <RunPage store={store} viewer={viewer} run={run} />, 200, viewer.operator !== undefined)
    }
    const entry = deps.queue?.get(id)
    if (entry === undefined) return notFound(c, viewer, viewer.t.m.noRun)
    if (viewer.operator === undefined) return toLogin(c)
    if (entry.result?.runId !== undefined && (await store.getRun(entry.result.runId)) !== undefined) return c.redirect(`/runs/${encodeURIComponent(entry.result.runId)}`, 303)
    return page(c, <QueuedRunPage viewer={viewer} entry={entry} />, 200, true)
  })

  // Live progress of a queued run, relayed from the run queue as server-sent events.
  app.get('/runs/:id/events', async (c) => {
    const session = await sessionOf(c)
    if (session === undefined) return problem(c, 'UNAUTHORIZED', 'sign in as an operator to follow runs')
    const id = c.req.param('id')
    const queue = deps.queue
    const entry = queue?.get(id)
    if (queue === undefined || entry === undefined) return problem(c, 'NOT_FOUND', `no queued run ${id.slice(0, 100)}`)
    // The same caps as the API's event streams: one more is 429 RATE_LIMITED with Retry-After.
    let release: () => void = () => undefined
    try {
      if (deps.streams !== undefined) release = deps.streams.acquire(session.tokenId)
    } catch (e) {
      if (isBundError(e, 'RATE_LIMITED')) return onError(e, c as never)
      throw e
    }
    c.header('Cache-Control', 'no-store')
    return streamSSE(c, async (stream) => {
      stream.onAbort(release)
      let finish: () => void = () => undefined
      const finished = new Promise<void>((resolve) => (finish = resolve))
      // Writes are chained so events keep their order and the last one is flushed before the stream ends.
      let written: Promise<void> = Promise.resolve()
      const send = (event: string, data: unknown) => (written = written.then(() => stream.writeSSE({ event, data: JSON.stringify(data) })).catch(finish))
      const done = (e: NonNullable<typeof entry>) =>
        void send('done', { state: e.state, runId: e.result?.runId ?? null, status: e.result?.status ?? null, error: e.error ?? null }).then(finish)
      const unsubscribe = queue.subscribe(id, (event) => {
        if (event.type === 'progress') send('progress', { fraction: event.fraction, message: event.message })
        else if (event.type === 'state') send('state', { state: event.entry.state, fraction: event.entry.progress.fraction, message: event.entry.progress.message })
        else done(event.entry)
      })
      stream.onAbort(finish)
      // Read again after subscribing, so a run that ended in between is not missed.
      const now = queue.get(id)
      if (now === undefined || now.state === 'finished' || now.state === 'rejected') {
        if (now !== undefined) done(now)
        else finish()
      } else send('state', { state: now.state, fraction: now.progress.fraction, message: now.progress.message })
      await finished
      unsubscribe()
      release()
    })
  })

  app.post('/runs/:id/release', smallForm, sameOrigin, async (c) => {
    const session = await sessionOf(c)
    if (session === undefined) return toLogin(c)
    const viewer = await viewerOf(c)
    const run = await store.getRun(c.req.param('id'))
    if (run === undefined) return notFound(c, viewer, viewer.t.m.noRun)
    const body = await c.req.parseBody()
    const form = releaseForm.safeParse(body)
    if (!csrfMatches(session, body.csrf)) return page(c, <MessagePage viewer={viewer} title={viewer.t.m.formExpired} message={viewer.t.m.formExpiredText} />, 403, true)
    const reason = typeof body.reason === 'string' ? body.reason : ''
    if (!form.success) {
      const issue = form.error.issues[0]
      const { m } = viewer.t
      const error = issue?.path[0] === 'reason' ? (issue.code === 'too_big' ? m.reasonTooLong : m.reasonTooShort) : m.formInvalid
      return page(c, <RunPage store={store} viewer={viewer} run={run} releaseError={error} reason={reason} />, 400, true)
    }
    try {
      const publication = await store.releaseRun(run.id, `operator:${session.tokenId}`, form.data.reason)
      return c.redirect(`/publications/${encodeURIComponent(publication.id)}`, 303)
    } catch (e) {
      if (!isBundError(e)) throw e
      return page(c, <RunPage store={store} viewer={viewer} run={(await store.getRun(run.id)) ?? run} releaseError={e.message} reason={reason} />, 409, true)
    }
  })

  app.get('/review', async (c) => {
    const viewer = await viewerOf(c)
    if (viewer.operator === undefined) return toLogin(c)
    return page(c, <ReviewPage store={store} queue={deps.queue} viewer={{ ...viewer, operator: viewer.operator }} />, 200, true)
  })

  app.get('/login', async (c) => {
    const viewer = await viewerOf(c)
    return page(c, <LoginPage viewer={viewer} next={safeNext(c.req.query('next'))} />, 200, true)
  })

  app.post('/login', smallForm, sameOrigin, async (c) => {
    const viewer = { path: '/login', t: tOf(c) }
    const form = loginForm.safeParse(await c.req.parseBody())
    const next = safeNext(form.success ? form.data.next : undefined)
    if (!form.success) return page(c, <LoginPage viewer={viewer} next={next} error={form.error.issues[0]?.path[0] === 'token' ? viewer.t.m.loginEnterToken : viewer.t.m.formInvalid} />, 400, true)
    let tokenId: string
    try {
      const principal = await authenticate(store, `Bearer ${form.data.token}`)
      if (principal.role !== 'operator') throw new BundError('FORBIDDEN', 'that is an author token; the dashboard sign-in is for operators (authors use the API)')
      tokenId = principal.tokenId
    } catch (e) {
      if (!isBundError(e)) throw e
      const message = isBundError(e, 'FORBIDDEN') ? viewer.t.m.loginAuthorToken : viewer.t.m.loginInvalid
      return page(c, <LoginPage viewer={viewer} next={next} error={message} />, 400, true)
    }
    const { id } = sessions.create(tokenId, sha256(form.data.token))
    setCookie(c, cookie, id, { path: '/', httpOnly: true, secure, sameSite: 'Strict', maxAge: Math.floor(sessions.ttlMs / 1000) })
    return c.redirect(next, 303)
  })

  app.post('/logout', smallForm, sameOrigin, async (c) => {
    const session = await sessionOf(c)
    const form = logoutForm.safeParse(await c.req.parseBody())
    if (session !== undefined && form.success && csrfMatches(session, form.data.csrf)) {
      sessions.delete(getCookie(c, cookie))
      deleteCookie(c, cookie, { path: '/', secure, httpOnly: true, sameSite: 'Strict' })
    }
    return c.redirect('/', 303)
  })

  return app
}

/** A redirect target after sign-in: a path on this site, never another origin. */
function safeNext(next: string | undefined): string {
  // Only a path on this origin: browsers drop tabs and newlines and read `\` as `/`, so
  // `/%09/evil.example` or `/\evil.example` would leave the site. Checked on the decoded form too.
  const sameOrigin = (p: string) => /^\/(?![/\\])[^\\\x00-\x20\x7f]*$/.test(p) && new URL(p, 'http://bund.invalid').origin === 'http://bund.invalid'
  if (next === undefined) return '/review'
  let decoded: string
  try {
    decoded = decodeURIComponent(next)
  } catch {
    return '/review'
  }
  return sameOrigin(next) && sameOrigin(decoded) ? next : '/review'
}

/**
 * A least-recently-used cache of what is made once per key: `memo(key, { context: make })` returns
 * the kept value or keeps what `make` returns. What is kept never goes stale (outputs are immutable;
 * the other keys name the store's state).
 */
function memoCache<V extends {}>(max: number): LRUCache<string, V, () => V> {
  return new LRUCache<string, V, () => V>({ max, memoMethod: (_key, _stale, { context }) => context() })
}
