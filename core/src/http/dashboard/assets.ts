/**
 * The dashboard's static files: its stylesheet and browser script from core/assets/dashboard, and
 * Chart.js's own UMD build straight from node_modules. Nothing comes from a CDN. Read once, kept
 * in memory, served with an ETag.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { sha256 } from '../../kernel/index.js'

/** Where the dashboard's assets are served. */
export const ASSET_BASE = '/assets/dashboard'

export interface Asset {
  body: Buffer
  type: string
  etag: string
}

const OWN_DIR = fileURLToPath(new URL('../../../assets/dashboard/', import.meta.url))

/** The served files, by name under ASSET_BASE. */
export function loadAssets(): Map<string, Asset> {
  // chart.js exports only its module entries; its UMD build sits beside them in dist/.
  const chartDir = dirname(createRequire(import.meta.url).resolve('chart.js'))
  const files: Array<[string, string, string]> = [
    ['dashboard.css', join(OWN_DIR, 'dashboard.css'), 'text/css; charset=utf-8'],
    ['dashboard.js', join(OWN_DIR, 'dashboard.js'), 'text/javascript; charset=utf-8'],
    ['chart.umd.min.js', join(chartDir, 'chart.umd.min.js'), 'text/javascript; charset=utf-8'],
  ]
  return new Map(
    files.map(([name, path, type]) => {
      const body = readFileSync(path)
      return [name, { body, type, etag: `"${sha256(body).slice(0, 20)}"` }]
    }),
  )
}
