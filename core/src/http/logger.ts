/**
 * The server's logger. Every request gets an access-log line, so lines are gathered into blocks of
 * about 4 KB and each block is one write, instead of one write per line. The server flushes every
 * second and when it closes (`flushLogger`), and the process's exit flushes what is left, so no
 * line is dropped and none waits long.
 */
import { type Level, type Logger, type DestinationStream, pino } from 'pino'

/** Characters of log lines gathered before they are written. */
export const LOG_BLOCK_CHARS = 4096

/** The block writers of the loggers made here, whose lines have pino's default shape. */
const blocksOf = new WeakMap<Logger, LineBlocks>()

/** A pino logger writing to a file path or a file descriptor (default stdout), in blocks. */
export function createServerLogger(options: { level?: Level | 'silent'; dest?: string | number } = {}): Logger {
  const blocks = new LineBlocks(pino.destination({ dest: options.dest ?? 1, sync: true }), LOG_BLOCK_CHARS)
  const logger = pino({ level: options.level ?? 'info' }, blocks)
  blocksOf.set(logger, blocks)
  return logger
}

/**
 * Logs `fields` and `msg` at info level, the very line `logger.info(fields, msg)` writes, for the
 * access log's line per request: pino's generic serialiser costs ~3 µs of a ~40 µs request, this
 * about 1 µs. Built here only for a logger made by createServerLogger (pino's defaults: no
 * formatters, serialisers, mixins or redaction to honour); any other logger gets `logger.info`.
 */
export function logInfoLine(logger: Logger, fields: Record<string, string | number>, msg: string): void {
  if (!logger.isLevelEnabled('info')) return
  const blocks = blocksOf.get(logger)
  if (blocks === undefined) {
    logger.info(fields, msg)
    return
  }
  // The pre-serialised bindings: `,"pid":…,"hostname":"…"`.
  let line = `{"level":30,"time":${Date.now()}${(logger as unknown as Record<symbol, string>)[pino.symbols.chindingsSym]}`
  for (const key in fields) {
    const value = fields[key]!
    line += `,${JSON.stringify(key)}:${typeof value === 'number' ? (Number.isFinite(value) ? value : 'null') : JSON.stringify(value)}`
  }
  blocks.write(`${line},"msg":${JSON.stringify(msg)}}\n`)
}

/** Writes out what a logger holds; a no-op for closed destinations. */
export function flushLogger(logger: Logger): void {
  try {
    logger.flush()
  } catch {
    // A destination already closed (the process is ending) has nothing left to write.
  }
}

/**
 * Gathers lines and hands them to sonic-boom (which owns the file: partial writes, EAGAIN, exit) a
 * block at a time. sonic-boom's own buffering measures its whole pending string on every write,
 * which made the access log a seventh of a small request's cost; joining an array once per block
 * costs a small fraction of that.
 */
class LineBlocks implements DestinationStream {
  #lines: string[] = []
  #chars = 0
  readonly #sink: ReturnType<typeof pino.destination>

  constructor(sink: ReturnType<typeof pino.destination>, readonly blockChars: number) {
    this.#sink = sink
    process.once('exit', () => {
      try {
        this.#drain()
      } catch {
        // The destination was closed before the exit: there is nowhere left to write.
      }
    })
  }

  write(line: string): void {
    this.#lines.push(line)
    this.#chars += line.length
    if (this.#chars >= this.blockChars) this.#drain()
  }

  /** pino's `logger.flush(cb)` lands here. */
  flush(cb?: (err?: Error) => void): void {
    this.#drain()
    this.#sink.flush(cb)
  }

  #drain(): void {
    if (this.#lines.length === 0) return
    const block = this.#lines.join('')
    this.#lines = []
    this.#chars = 0
    this.#sink.write(block)
  }
}
