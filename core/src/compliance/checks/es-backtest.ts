import { z } from 'zod'
import { defineCheck } from '../check.js'
import { backtestSeries } from '../market-join.js'
import { baselParams } from './market-forecasts.js'
import { say } from '../verdict-text.js'

/**
 * Acerbi and Székely's second test of expected shortfall (Acerbi & Székely 2014, "Backtesting
 * expected shortfall", Risk, eq. Z2): Z₂ = 1 + Σₜ Xₜ·Iₜ / (T·α·ESₜ), with Xₜ the realised P&L, Iₜ
 * 1 on a VaR exception, α = 1 − confidence and ESₜ the forecast (a positive loss). Z₂ is 0 in
 * expectation when ES is right and negative when it understates the tail. Fails below `critical`:
 * the authors' 0.01 % significance value, −1.8, which they found stable across tail shapes.
 */
export function acerbiSzekelyZ2(realised: readonly number[], v: readonly number[], es: readonly number[], alpha: number): number {
  const T = realised.length
  let sum = 0
  for (let t = 0; t < T; t++) if (realised[t]! < -v[t]!) sum += realised[t]! / (T * alpha * es[t]!)
  return 1 + sum
}

export const esBacktest = defineCheck({
  name: 'es-backtest',
  description: "Expected shortfall backtested with Acerbi and Székely's Z2 over every evaluation day.",
  kinds: ['market-risk'],
  params: z.object({ confidence: baselParams.confidence, critical: z.number().max(0).default(-1.8) }).strict(),
  evaluate(input, params) {
    const alpha = 1 - params.confidence
    const series = backtestSeries(input).map((s) => {
      let tail = 0
      let lossSum = 0
      let esSum = 0
      for (let t = 0; t < s.days.length; t++) {
        if (s.realised[t]! < -s.var[t]!) {
          tail++
          lossSum -= s.realised[t]!
          esSum += s.es[t]!
        }
      }
      const z2 = acerbiSzekelyZ2(s.realised, s.var, s.es, alpha)
      return { series: s.series, days: s.days.length, exceptions: tail, z2: Number.isFinite(z2) ? z2 : null, meanTailLoss: tail === 0 ? null : lossSum / tail, meanEsOnThoseDays: tail === 0 ? null : esSum / tail }
    })
    const worst = series.reduce((a, b) => ((b.z2 ?? Number.NEGATIVE_INFINITY) < (a.z2 ?? Number.NEGATIVE_INFINITY) ? b : a))
    const passed = worst.z2 !== null && worst.z2 >= params.critical
    return {
      passed,
      figure: worst.z2,
      threshold: params.critical,
      ...(worst.z2 === null
        ? say('esUnbounded', { series: worst.series })
        : say('esBacktest', { series: worst.series, z2: worst.z2, critical: params.critical, days: worst.days, exceptions: worst.exceptions, meanLoss: worst.meanTailLoss, meanEs: worst.meanEsOnThoseDays ?? null })),
      evidence: { alpha, series },
    }
  },
})
