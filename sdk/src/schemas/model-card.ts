import { z } from 'zod'

/** Describes the model behind a result. The model-card check judges whether it says enough. */
export const modelCardSchema = z
  .object({
    name: z.string().min(1).max(200),
    method: z.string().max(2000).optional(),
    features: z.array(z.string().max(100)).max(200),
    intendedUse: z.string().max(2000).optional(),
    limitations: z.string().max(2000).optional(),
  })
