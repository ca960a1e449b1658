/**
 * /docs: the API reference, rendered by Swagger UI from /openapi.json. Its assets are served from
 * the swagger-ui-dist package in node_modules, so the page works offline (no CDN).
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { Hono } from 'hono'
import { BundError } from '../../kernel/index.js'
import type { AppEnv } from '../env.js'

const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
}

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Bund API</title>
  <link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png">
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="docs"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>
`

// An external script, not an inline one, so the page runs under a strict Content-Security-Policy.
const INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#docs', deepLinking: true, tryItOutEnabled: false, persistAuthorization: false })\n`

const cache = new Map<string, Buffer>()

function asset(name: string): Buffer {
  let data = cache.get(name)
  if (data === undefined) {
    const dir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))
    data = readFileSync(join(dir, name))
    cache.set(name, data)
  }
  return data
}

export const docsRoutes = new Hono<AppEnv>()
  .get('/docs', (c) => c.html(PAGE))
  .get('/docs/init.js', (c) => c.body(INIT, 200, { 'content-type': 'text/javascript; charset=utf-8' }))
  .get('/docs/assets/:name', (c) => {
    const name = c.req.param('name')
    const type = ASSETS[name]
    if (type === undefined) throw new BundError('NOT_FOUND', `no docs asset ${name}`)
    return c.body(new Uint8Array(asset(name)), 200, { 'content-type': type, 'cache-control': 'public, max-age=86400' })
  })
