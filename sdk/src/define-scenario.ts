import type { ScenarioContext, DatasetRequest } from './context.js'
import type { ParamsSchema } from './params-schema.js'
import type { ResultKind, ResultTypes } from './results/index.js'

/** Resource limits a scenario asks for; the operator's limits cap them. */
export interface ScenarioLimits {
  /** Heap size in MB. */
  heapMb?: number
  /** Wall-clock time in ms. */
  wallMs?: number
  /** CPU time in ms. */
  cpuMs?: number
  /** Largest encoded output, in bytes. */
  outputBytes?: number
}

/** A scenario: its identity, what data it needs, what it returns, and the code that does it. */
export interface ScenarioDefinition<
  D extends Record<string, DatasetRequest> = Record<string, DatasetRequest>,
  K extends ResultKind = ResultKind,
  P = Record<string, never>,
> {
  /** `org/name`, lower case. */
  id: string
  /** Semantic version. */
  version: string
  title: string
  description?: string
  /** The organisation that wrote it. Defaults to the `org` part of the id. */
  author?: string
  category: 'credit' | 'lending' | 'settlement' | 'risk' | 'aml' | 'market' | 'other'
  /** The datasets to generate for each run, by the name `ctx.data` will use. */
  datasets: D
  /** The result kind the output must satisfy. */
  result: K
  /** Parameters schema (e.g. a zod object); its defaults apply when a run gives none. */
  params?: ParamsSchema<P>
  limits?: ScenarioLimits
  /**
   * Keep the bundle private: by default a published scenario's bundle and manifest are public so
   * anyone can re-run it (`bund verify <url> --rerun`); a sealed one's are not.
   */
  sealed?: boolean
  /** Computes the result. May be async; there are no timers or I/O inside the sandbox. */
  run(ctx: ScenarioContext<D, P>): ResultTypes[K] | Promise<ResultTypes[K]>
}

/**
 * Declares a scenario. An identity function: it exists so TypeScript can infer the types of
 * `ctx.data`, `ctx.params` and the return value from the definition itself.
 */
export function defineScenario<const D extends Record<string, DatasetRequest>, K extends ResultKind, P = Record<string, never>>(
  definition: ScenarioDefinition<D, K, P>,
): ScenarioDefinition<D, K, P> {
  return definition
}
