import { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '../env.js'
import { validationHook } from '../middleware/problem/index.js'

/** A route group: an OpenAPIHono whose validation failures answer VALIDATION_FAILED problems. */
export const router = () => new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
