import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import type { z } from 'zod'
import { BundError, sha256 } from '../kernel/index.js'
import { type Manifest, manifestSchema } from '../model/index.js'
import { type BundleSourceMap, readSourceMap } from './source-map.js'

/** A scenario ready to run: its manifest and the bundle whose hash matched it. */
export interface LoadedScenario {
  manifest: Manifest
  bundle: string
  /** Where it was loaded from, for messages. */
  source: string
  /** The bundle's source map, when it was built here (maps SCENARIO_THREW stacks to src/). */
  sourceMap?: BundleSourceMap
}

/** The largest bundle accepted. */
export const MAX_BUNDLE_BYTES = 16 * 1024 * 1024

/** Formats zod issues as `path: message` lines. */
export function formatIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message}`).join('; ')
}

/** Validates a parsed manifest. */
export function parseManifest(value: unknown, source: string): Manifest {
  const parsed = manifestSchema.safeParse(value)
  if (!parsed.success) {
    throw new BundError('MANIFEST_INVALID', `${source}: invalid manifest: ${formatIssues(parsed.error)}`, { issues: parsed.error.issues })
  }
  return parsed.data
}

/** Checks that a bundle is the one the manifest names. */
export function verifyBundle(manifest: Manifest, bundle: string, source: string): void {
  const actual = sha256(bundle)
  if (actual !== manifest.bundle.sha256) {
    throw new BundError('BUNDLE_TAMPERED', `${source}: bundle sha256 is ${actual}, but the manifest says ${manifest.bundle.sha256}`)
  }
}

/**
 * Loads a built scenario from a directory: `dist/manifest.json` (or `manifest.json`) and the
 * bundle it names, refusing a malformed manifest or a bundle whose sha256 does not match.
 */
export function loadScenarioDir(dir: string): LoadedScenario {
  const root = resolve(dir)
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new BundError('SCENARIO_NOT_FOUND', `${dir}: no such scenario directory`)
  }
  const candidates = [join(root, 'dist', 'manifest.json'), join(root, 'manifest.json')]
  const manifestPath = candidates.find((p) => existsSync(p))
  if (manifestPath === undefined) {
    throw new BundError('SCENARIO_NOT_FOUND', `${dir}: no dist/manifest.json; build it first with: bund build ${dir}`)
  }
  let json: unknown
  try {
    json = JSON.parse(readFileSync(manifestPath, 'utf8'))
  } catch (e) {
    throw new BundError('MANIFEST_INVALID', `${manifestPath}: not valid JSON (${(e as Error).message})`)
  }
  const manifest = parseManifest(json, manifestPath)
  const bundlePath = join(manifestPath, '..', manifest.bundle.file)
  if (!existsSync(bundlePath)) throw new BundError('MANIFEST_INVALID', `${manifestPath}: bundle ${manifest.bundle.file} is missing`)
  if (statSync(bundlePath).size > MAX_BUNDLE_BYTES) {
    throw new BundError('MANIFEST_INVALID', `${bundlePath}: bundle is larger than ${MAX_BUNDLE_BYTES} bytes`)
  }
  const bundle = readFileSync(bundlePath, 'utf8')
  verifyBundle(manifest, bundle, bundlePath)
  const sourceMap = readSourceMap(root, dirname(bundlePath), manifest.bundle.sha256)
  return { manifest, bundle, source: root, ...(sourceMap ? { sourceMap } : {}) }
}
