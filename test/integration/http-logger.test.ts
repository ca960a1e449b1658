/**
 * The server's access log: lines are gathered into blocks, yet none is lost. Every line reaches the
 * file after a flush, each whole and in order; lines still gathered when the process exits are
 * written by the exit; and a real server logs one line per request with its status and role.
 */
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { createServerLogger, flushLogger, logInfoLine, LOG_BLOCK_CHARS, startServer } from '@bund/core/http'
import { pino } from 'pino'
import { openStore } from '@bund/core'
import { describe, expect, it } from 'vitest'
import { ROOT, tempDir } from '../helpers/cli.js'

const linesOf = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>)

describe('the access log', () => {
  it('writes every line, whole and in order, across many blocks and a final partial one', () => {
    const file = join(tempDir('bund-log-'), 'access.log')
    const logger = createServerLogger({ dest: file })
    const n = Math.ceil((5 * LOG_BLOCK_CHARS) / 100) + 7
    for (let i = 0; i < n; i++) logger.info({ i, path: `/api/v1/publications/${'x'.repeat(i % 50)}` }, 'request')
    flushLogger(logger)
    const lines = linesOf(file)
    expect(lines.map((l) => l['i'])).toEqual([...Array(n).keys()])
    expect(lines.every((l) => l['msg'] === 'request')).toBe(true)
  })

  it('writes the access line exactly as pino would, whatever the values hold', () => {
    const dir = tempDir('bund-log-')
    const [ours, pinos] = [join(dir, 'ours.log'), join(dir, 'pino.log')]
    const built = createServerLogger({ dest: ours })
    const reference = createServerLogger({ dest: pinos })
    const cases: Array<Record<string, string | number>> = [
      { requestId: 'abc-123', method: 'GET', path: '/api/v1/publications/pub_1', status: 200, ms: 0.42, role: 'public' },
      { requestId: 'x', method: 'POST', path: '/a/"quoted"\\back\tslash/ü/\u0001', status: 404, ms: 12, role: 'author', tokenId: 'tok_1' },
    ]
    for (const fields of cases) {
      logInfoLine(built, fields, 'request')
      reference.info(fields, 'request')
    }
    flushLogger(built)
    flushLogger(reference)
    const withoutTime = (file: string) => readFileSync(file, 'utf8').replace(/"time":\d+/g, '"time":0')
    expect(withoutTime(ours)).toBe(withoutTime(pinos))
    expect(linesOf(ours)).toHaveLength(2)
    // Any other logger is simply asked to log.
    const other = join(dir, 'other.log')
    const plain = pino(pino.destination({ dest: other, sync: true }))
    logInfoLine(plain, cases[0]!, 'request')
    expect(linesOf(other)[0]).toMatchObject({ ...cases[0], msg: 'request', level: 30 })
    // Nor does it write below the logger's level.
    const quiet = join(dir, 'quiet.log')
    const warnOnly = createServerLogger({ dest: quiet, level: 'warn' })
    logInfoLine(warnOnly, cases[0]!, 'request')
    flushLogger(warnOnly)
    expect(linesOf(quiet)).toEqual([])
  })

  it('writes the lines still gathered when the process exits', () => {
    const file = join(tempDir('bund-log-'), 'access.log')
    const code = `import { createServerLogger } from '@bund/core/http'
const logger = createServerLogger({ dest: ${JSON.stringify(file)} })
for (let i = 0; i < 3; i++) logger.info({ i }, 'request')
process.exit(0)`
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: join(ROOT, 'test'), encoding: 'utf8', timeout: 30_000 })
    expect(child.status, child.stderr).toBe(0)
    expect(linesOf(file).map((l) => l['i'])).toEqual([0, 1, 2])
  })

  it('logs one line per request on a real server, with the status and the caller role', async () => {
    const dir = tempDir('bund-log-')
    const file = join(dir, 'access.log')
    const store = await openStore(join(dir, 'data'))
    const server = await startServer({ store, port: 0, concurrency: 1, logger: createServerLogger({ dest: file }) })
    try {
      for (const path of ['/healthz', '/api/v1/publications', '/api/v1/publications/pub_00000000000000000000000000000000', '/api/v1/publications/nope']) await (await fetch(server.url + path)).arrayBuffer()
    } finally {
      await server.close()
      await store.close()
    }
    const requests = linesOf(file).filter((l) => l['msg'] === 'request')
    expect(requests.map((l) => [l['path'], l['status'], l['role']])).toEqual([
      ['/healthz', 200, 'public'],
      ['/api/v1/publications', 200, 'public'],
      ['/api/v1/publications/pub_00000000000000000000000000000000', 404, 'public'],
      ['/api/v1/publications/nope', 400, 'public'],
    ])
    expect(requests.every((l) => typeof l['requestId'] === 'string' && typeof l['ms'] === 'number')).toBe(true)
  })
})
