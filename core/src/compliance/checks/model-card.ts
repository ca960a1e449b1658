import type { ModelCard } from '@bund/sdk'
import { z } from 'zod'
import { defineCheck } from '../check.js'
import { type Said, say } from '../verdict-text.js'

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
    const problems: Said[] = []
    if (card === undefined) problems.push(say('modelCardMissing'))
    else {
      if (card.features.length === 0) problems.push(say('modelCardNoFeatures'))
      if ((card.intendedUse?.trim().length ?? 0) < params.minLength) problems.push(say('modelCardNoIntendedUse', { min: params.minLength }))
      if ((card.limitations?.trim().length ?? 0) < params.minLength) problems.push(say('modelCardNoLimitations', { min: params.minLength }))
      if (params.forbidProtected) {
        const protectedNames = new Set(Object.values(input.datasets).flatMap((d) => d.protected.map((p) => p.toLowerCase())))
        const used = card.features.filter((f) => protectedNames.has(f.trim().toLowerCase()))
        if (used.length > 0) problems.push(say('modelCardProtectedFeatures', { features: used }))
      }
    }
    return {
      passed: problems.length === 0,
      figure: problems.length,
      threshold: 0,
      ...(problems.length === 0 ? say('modelCardPass', { name: card!.name, features: card!.features.length }) : say('modelCardFail', { problems: problems.map((s) => s.text) })),
      evidence: card === undefined ? { problems: problems.map((s) => s.message) } : { problems: problems.map((s) => s.message), name: card.name, features: card.features },
    }
  },
})
