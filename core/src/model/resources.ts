import { z } from 'zod'

/** What one run used, as the sandbox measured it. */
export const resourcesSchema = z.object({
  wallMs: z.number(),
  cpuMs: z.number(),
  heapPeakBytes: z.number(),
})

export type Resources = z.infer<typeof resourcesSchema>
