/**
 * The server's logger. Every request gets an access-log line, so the lines are buffered (up to 4 KB,
 * written asynchronously) instead of costing one write each: under load that is one write per
 * ~15 requests. The server flushes the buffer every second and when it closes (`flushLogger`), and
 * pino flushes it when the process exits, so no line is dropped and none waits long.
 */
import { type Level, type Logger, pino } from 'pino'

/** Bytes of log lines held before they are written. */
export const LOG_BUFFER_BYTES = 4096

/** A pino logger writing to a file path or a file descriptor (default stdout), buffered. */
export function createServerLogger(options: { level?: Level | 'silent'; dest?: string | number } = {}): Logger {
  return pino({ level: options.level ?? 'info' }, pino.destination({ dest: options.dest ?? 1, sync: false, minLength: LOG_BUFFER_BYTES }))
}

/** Writes out what a buffered logger holds; a no-op for unbuffered or closed destinations. */
export function flushLogger(logger: Logger): void {
  try {
    logger.flush()
  } catch {
    // A destination already closed (the process is ending) has nothing left to write.
  }
}
