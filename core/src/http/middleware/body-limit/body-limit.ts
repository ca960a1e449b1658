import { bodyLimit as honoBodyLimit } from 'hono/body-limit'
import type { MiddlewareHandler } from 'hono'
import { BundError } from '../../../kernel/index.js'
import type { AppEnv } from '../../env.js'

/**
 * Caps request bodies (hono's body-limit: checks Content-Length, then counts a streamed body) and
 * answers BODY_TOO_LARGE. Uploads get their own, larger cap on their route.
 */
export const bodyLimit = (maxBytes: number): MiddlewareHandler<AppEnv> =>
  honoBodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new BundError('BODY_TOO_LARGE', `the request body is over the limit of ${maxBytes} bytes`)
    },
  })
