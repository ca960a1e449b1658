import type { ModelCard } from '@bund/sdk'
import { z } from 'zod'
import { defineCheck } from '../check.js'

/**
 * The model card says what the model uses, what it is for and where it falls short (Mitchell et al.,
 * "Model Cards for Model Reporting", 2019; PBOC JR/T 0221-2021 on AI algorithms in finance).
 * Optionally, its features must not name a protected attribute of the run's data.
 */
export const modelCard = defineCheck({
  name: 'model-card',
  description: 'The model card lists the features used, the intended use and the limitations.',
  kinds: ['risk-scores', 'credit-decisions'],
  params: z.object({ forbidProtected: z.boolean().default(true), minLength: z.number().int().min(1).default(10) }).strict(),
  evaluate(input, params) {
    const card = (input.output as { model?: ModelCard }).model
    const problems: string[] = []
    if (card === undefined) problems.push('there is no model card')
    else {
      if (card.features.length === 0) problems.push('no features are listed')
      if ((card.intendedUse?.trim().length ?? 0) < params.minLength) problems.push(`the intended use is missing or shorter than ${params.minLength} characters`)
      if ((card.limitations?.trim().length ?? 0) < params.minLength) problems.push(`the limitations are missing or shorter than ${params.minLength} characters`)
      if (params.forbidProtected) {
        const protectedNames = new Set(Object.values(input.datasets).flatMap((d) => d.protected.map((p) => p.toLowerCase())))
        const used = card.features.filter((f) => protectedNames.has(f.trim().toLowerCase()))
        if (used.length > 0) problems.push(`it lists protected attributes as features: ${used.join(', ')}`)
      }
    }
    return {
      passed: problems.length === 0,
      figure: problems.length,
      threshold: 0,
      message: problems.length === 0 ? `the model card of ${card!.name} lists ${card!.features.length} features, the intended use and the limitations` : `model card: ${problems.join('; ')}`,
      evidence: card === undefined ? { problems } : { problems, name: card.name, features: card.features },
    }
  },
})
