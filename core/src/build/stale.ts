/**
 * Whether a scenario's dist/ was built from the sources now in src/: a run must never execute a
 * bundle left by an earlier build of other code without saying so.
 */
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

/** Files looked at, at most: a src/ folder is small; this bounds a pathological one. */
const MAX_FILES = 10_000

/** The newest file under `dir` (node_modules and dot-folders skipped), or undefined when there is none. */
function newestFile(dir: string): { path: string; mtimeMs: number } | undefined {
  let newest: { path: string; mtimeMs: number } | undefined
  let seen = 0
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (++seen > MAX_FILES) return
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue
      const path = join(d, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.isFile()) {
        const mtimeMs = statSync(path).mtimeMs
        if (newest === undefined || mtimeMs > newest.mtimeMs) newest = { path, mtimeMs }
      }
    }
  }
  walk(dir)
  return newest
}

/**
 * Why `dir`'s build is out of date (`src/helpers.ts changed after dist/bundle.js was built`), or
 * undefined when it is current or the directory has no sources (a built scenario on its own).
 */
export function staleBuildReason(dir: string): string | undefined {
  const src = join(dir, 'src')
  if (!existsSync(src)) return undefined
  const newest = newestFile(src)
  if (newest === undefined) return undefined
  const bundle = join(dir, 'dist', 'bundle.js')
  const manifest = join(dir, 'dist', 'manifest.json')
  if (!existsSync(bundle) || !existsSync(manifest)) return 'dist/ has no build yet'
  const built = Math.min(statSync(bundle).mtimeMs, statSync(manifest).mtimeMs)
  if (newest.mtimeMs <= built) return undefined
  return `${relative(dir, newest.path).split('\\').join('/')} changed after dist/bundle.js was built`
}
