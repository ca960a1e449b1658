/**
 * The Node.js lines Bund runs on, and the package holding the isolated-vm line each needs: 5.x
 * (compiled at install) on Node 20, 6.2 (prebuilt binaries in the package) on Node 22 and 24. Both
 * are optional dependencies of @bund/core, each behind a small package in isolated-vm/ whose
 * `engines` names its Node lines, so npm installs only the one that fits (isolated-vm/README.md).
 * Keep this list, those `engines`, the root package.json's `engines` and the README in step.
 */
import { createRequire } from 'node:module'
import { BundError } from '../kernel/index.js'

/**
 * Node flags for every process that creates isolates, on every line: isolated-vm cannot create
 * isolates in a Node started from its startup snapshot. The pool's workers and vitest's test
 * processes (test/vitest.config.ts) take them from here.
 */
export const SANDBOX_EXEC_ARGV: readonly string[] = ['--no-node-snapshot']

/** Each line by its native ABI (`process.versions.modules`). */
export const NODE_LINES = [
  { node: 20, abi: '115', pkg: '@bund/isolated-vm-node20' },
  { node: 22, abi: '127', pkg: '@bund/isolated-vm-node22-24' },
  { node: 24, abi: '137', pkg: '@bund/isolated-vm-node22-24' },
] as const

/** The package that holds isolated-vm for this Node.js (resolved, not loaded), or a one-line error naming the supported lines. */
export function isolatedVmPackage(): string {
  const line = NODE_LINES.find((l) => l.abi === process.versions.modules)
  if (line === undefined) {
    const lines = NODE_LINES.map((l) => l.node)
    throw new BundError('NODE_UNSUPPORTED', `Node.js ${process.version} is not supported: Bund runs on Node.js ${lines.slice(0, -1).join(', ')} and ${lines.at(-1)}`)
  }
  try {
    createRequire(import.meta.url).resolve(line.pkg)
  } catch {
    throw new BundError('NODE_UNSUPPORTED', `isolated-vm for Node.js ${line.node} is not installed (node_modules was installed with another Node.js): run npm install with this one`)
  }
  return line.pkg
}
