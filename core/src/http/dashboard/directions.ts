/**
 * Which way each built-in check's figure is good. A check compares its figure with its threshold
 * one way; the dashboard says which, and draws no chart for checks that only pass or fail (their
 * figure counts problems and must be zero, or is a yes/no). test/unit/dashboard-i18n.test.ts
 * fails when a check in CHECKS has no entry here.
 */
export type Direction = 'higher' | 'lower' | 'zero'

export const CHECK_DIRECTIONS: Record<string, Direction> = {
  'four-fifths': 'higher',
  auc: 'higher',
  ks: 'higher',
  'alert-precision': 'higher',
  'alert-recall': 'higher',
  'typology-recall': 'higher',
  'alert-plausibility': 'lower',
  brier: 'lower',
  'calibration-ece': 'lower',
  'counterfactual-probe': 'lower',
  'equal-opportunity-difference': 'lower',
  'statistical-parity-difference': 'lower',
  psi: 'lower',
  'resource-budget': 'lower',
  'var-backtest': 'lower',
  'quantile-score': 'lower',
  'basel-traffic-light': 'lower',
  'es-backtest': 'higher',
  'settlement-replay': 'higher',
  'settlement-conservation': 'lower',
  'adverse-action-reasons': 'zero',
  'aggregate-cell-counts': 'higher',
  'aggregate-cell-values': 'zero',
  'aggregate-cell-dominance': 'zero',
  'apr-cap': 'zero',
  'decision-coverage': 'zero',
  determinism: 'zero',
  'market-forecasts': 'zero',
  'walk-forward': 'zero',
  'large-value-reports': 'higher',
  'model-card': 'zero',
  'output-schema': 'zero',
  'pii-canaries': 'zero',
  'settlement-hash-chain': 'zero',
  'settlement-no-negative-balance': 'zero',
  'settlement-no-reversal': 'zero',
  'settlement-outcomes': 'zero',
  'settlement-unique-e2e': 'zero',
  'age-elderly': 'higher',
  'brier-skill': 'higher',
  'score-parity': 'lower',
  'score-equal-opportunity': 'lower',
  'score-group-calibration': 'lower',
  'protected-reads': 'zero',
  // Its figure is below a ceiling (AUC, KS) or above a floor (Brier): a pass/fail, not a trend.
  plausibility: 'zero',
}

/** The direction of a check; unknown checks (a newer pack) are treated as pass/fail, never charted. */
export function directionOf(check: string): Direction {
  return CHECK_DIRECTIONS[check] ?? 'zero'
}

/** True when a rule's figure across publications means something as a quantity. */
export function chartable(check: string): boolean {
  return directionOf(check) !== 'zero'
}
