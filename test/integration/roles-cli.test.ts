/**
 * `bund worker` and `bund serve --database-url` refuse what they cannot use with one line and a
 * code: no database, a URL that is not PostgreSQL's, a server that does not answer.
 */
import { describe, expect, it } from 'vitest'
import { bund, tempDir } from '../helpers/cli.js'

describe('roles by process: bad database settings', () => {
  it('bund worker without a database is a usage error naming both ways to give one', async () => {
    const r = await bund(['worker', '--data-dir', tempDir()], { env: { BUND_DATABASE_URL: '' } })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^bund: USAGE: no database: pass --database-url .* \$BUND_DATABASE_URL\n$/)
  })

  it('a URL that is not postgres:// is DATABASE_URL_INVALID, for serve and worker alike', async () => {
    for (const command of ['serve', 'worker']) {
      const r = await bund([command, '--database-url', 'mysql://db/bund', '--data-dir', tempDir()])
      expect(r.code, command).toBe(2)
      expect(r.stderr, command).toMatch(/^bund: DATABASE_URL_INVALID: /)
      expect(r.stderr).not.toMatch(/\n\s+at /)
    }
  })

  it('a database that does not answer is DATABASE_UNREACHABLE, without the password', async () => {
    const r = await bund(['worker', '--database-url', 'postgres://bund:s3cret@127.0.0.1:1/bund', '--data-dir', tempDir()])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^bund: DATABASE_UNREACHABLE: /)
    expect(r.stderr).not.toContain('s3cret')
  })
})
