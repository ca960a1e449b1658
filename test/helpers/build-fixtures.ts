/**
 * vitest global setup: builds every fixture scenario under test/fixtures, every hostile scenario
 * under test/hostile and every defeat case under test/defeat (those with a src/) into its dist/, with the real `bund build`,
 * once per test run.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { BUND, ROOT } from './cli.js'

export default function setup(): void {
  const dirs = ['fixtures', 'hostile', 'defeat'].flatMap((folder) => {
    const root = join(ROOT, 'test', folder)
    return readdirSync(root)
      .map((d) => join(root, d))
      .filter((d) => existsSync(join(d, 'src', 'index.ts')))
  })
  if (dirs.length > 0) execFileSync(process.execPath, [BUND, 'build', '--quiet', ...dirs], { cwd: ROOT, stdio: 'inherit' })
}
