import type { CheckDefinition } from '../check.js'
import { adverseActionReasons } from './adverse-action-reasons.js'
import { ageElderly } from './age-elderly.js'
import { aggregateCellCounts } from './aggregate-cell-counts.js'
import { aggregateCellDominance } from './aggregate-cell-dominance.js'
import { aggregateCellValues } from './aggregate-cell-values.js'
import { alertPlausibility } from './alert-plausibility.js'
import { alertPrecision } from './alert-precision.js'
import { alertRecall } from './alert-recall.js'
import { aprCap } from './apr-cap.js'
import { auc } from './auc.js'
import { brier } from './brier.js'
import { brierSkill } from './brier-skill.js'
import { calibrationEce } from './calibration-ece.js'
import { counterfactualProbe } from './counterfactual-probe.js'
import { decisionCoverage } from './decision-coverage.js'
import { determinism } from './determinism.js'
import { equalOpportunityDifference } from './equal-opportunity-difference.js'
import { esBacktest } from './es-backtest.js'
import { fourFifths } from './four-fifths.js'
import { ks } from './ks.js'
import { largeValueReports } from './large-value-reports.js'
import { modelCard } from './model-card.js'
import { outputSchema } from './output-schema.js'
import { piiCanaries } from './pii-canaries.js'
import { plausibility } from './plausibility.js'
import { protectedReads } from './protected-reads.js'
import { psi } from './psi.js'
import { resourceBudget } from './resource-budget.js'
import { scoreEqualOpportunity, scoreGroupCalibration, scoreParity } from './score-fairness.js'
import { settlementConservation } from './settlement-conservation.js'
import { settlementHashChain } from './settlement-hash-chain.js'
import { settlementNoNegativeBalance } from './settlement-no-negative-balance.js'
import { settlementNoReversal } from './settlement-no-reversal.js'
import { settlementOutcomes } from './settlement-outcomes.js'
import { settlementReplay } from './settlement-replay.js'
import { settlementUniqueE2e } from './settlement-unique-e2e.js'
import { statisticalParityDifference } from './statistical-parity-difference.js'
import { typologyRecall } from './typology-recall.js'
import { varBacktest } from './var-backtest.js'
import { marketForecasts } from './market-forecasts.js'
import { baselTrafficLight } from './basel-traffic-light.js'
import { quantileScore } from './quantile-score.js'
import { walkForward } from './walk-forward.js'

const ALL = [
  // operational and privacy: every kind
  outputSchema,
  determinism,
  resourceBudget,
  piiCanaries,
  aggregateCellCounts,
  aggregateCellValues,
  aggregateCellDominance,
  // credit
  decisionCoverage,
  fourFifths,
  statisticalParityDifference,
  equalOpportunityDifference,
  adverseActionReasons,
  aprCap,
  counterfactualProbe,
  ageElderly,
  // credit and risk models
  protectedReads,
  // risk models
  auc,
  ks,
  brierSkill,
  calibrationEce,
  psi,
  modelCard,
  plausibility,
  scoreParity,
  scoreEqualOpportunity,
  scoreGroupCalibration,
  // AML
  largeValueReports,
  typologyRecall,
  alertPrecision,
  alertRecall,
  alertPlausibility,
  // settlement
  settlementOutcomes,
  settlementReplay,
  settlementConservation,
  settlementNoNegativeBalance,
  settlementUniqueE2e,
  settlementHashChain,
  settlementNoReversal,
  // market risk
  marketForecasts,
  varBacktest,
  baselTrafficLight,
  esBacktest,
  quantileScore,
  walkForward,
] as const

/** Every built-in check, by the name rule packs use. */
export const CHECKS: Record<string, CheckDefinition<never>> = Object.fromEntries(ALL.map((c) => [c.name, c as unknown as CheckDefinition<never>]))

export {
  adverseActionReasons,
  aggregateCellCounts,
  aggregateCellValues,
  aggregateCellDominance,
  alertPlausibility,
  alertPrecision,
  alertRecall,
  aprCap,
  auc,
  brier,
  brierSkill,
  calibrationEce,
  ageElderly,
  plausibility,
  protectedReads,
  scoreParity,
  scoreEqualOpportunity,
  scoreGroupCalibration,
  counterfactualProbe,
  decisionCoverage,
  determinism,
  equalOpportunityDifference,
  esBacktest,
  marketForecasts,
  baselTrafficLight,
  fourFifths,
  ks,
  largeValueReports,
  modelCard,
  outputSchema,
  piiCanaries,
  psi,
  resourceBudget,
  settlementConservation,
  settlementHashChain,
  settlementNoNegativeBalance,
  settlementNoReversal,
  settlementOutcomes,
  settlementReplay,
  settlementUniqueE2e,
  statisticalParityDifference,
  typologyRecall,
  quantileScore,
  varBacktest,
  walkForward,
}
export { rocAuc } from './auc.js'
export { pPercentShortfall } from './aggregate-cell-dominance.js'
export { dieboldMariano, quantileLoss, sampleQuantile } from './quantile-score.js'
export { sortScores } from '../sort-scores.js'
export { ksStatistic } from './ks.js'
export { brierScore } from './brier.js'
export { hypergeometricUpperTail } from '../hypergeometric.js'
export { expectedCalibrationError } from './calibration-ece.js'
export { populationStabilityIndex } from './psi.js'
export { kupiecPof, chiSquare1PValue, trafficLight, zoneLimits } from './var-backtest.js'
export { acerbiSzekelyZ2 } from './es-backtest.js'
export { rfc6962Root } from './settlement-hash-chain.js'
export { hanleyMcNeil } from './plausibility.js'
