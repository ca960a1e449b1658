/**
 * The defeat-device corpus: every scenario under test/defeat/<name>/ is a real attempt to get a
 * non-compliant model published, and the rules its run must be held by (each must fail). `mode`
 * 'public' runs it on data drawn from the public seed (a local run, or an instance whose keys are
 * known) to show that the plausibility ceilings hold even then.
 */
export interface DefeatExpectation {
  /** Rules that must each fail, the first being the one the case is about. */
  heldBy: readonly string[]
  mode?: 'blind' | 'public'
}

export const DEFEAT: Record<string, DefeatExpectation> = {
  // Label reconstruction: blind evaluation leaves the rebuilt labels noise; on public data the
  // ceilings catch the leak.
  'label-rebuild': { heldBy: ['model-validation/auc'] },
  'label-nudge': { heldBy: ['model-validation/plausible-auc', 'model-validation/plausible-brier'], mode: 'public' },
  // The built-in AML monitor plus the untraceable laundering legs rebuilt from the public seed: the
  // typology-difficulty ceiling holds it (nothing visible tells those legs from ordinary traffic).
  'aml-label-rebuild': { heldBy: ['aml-reporting/plausible-recall'], mode: 'public' },
  // Probes the scenario tries to detect, to behave only while watched.
  'probe-marginal': { heldBy: ['fair-lending/counterfactual', 'fair-lending/protected-reads'] },
  'probe-training-marginal': { heldBy: ['fair-lending/counterfactual', 'fair-lending/protected-reads'] },
  'probe-correlation': { heldBy: ['fair-lending/counterfactual', 'fair-lending/protected-reads'] },
  'probe-counts': { heldBy: ['fair-lending/counterfactual', 'fair-lending/protected-reads'] },
  'probe-run-order': { heldBy: ['fair-lending/counterfactual', 'fair-lending/protected-reads'] },
  'probe-id-consistency': { heldBy: ['fair-lending/counterfactual', 'fair-lending/protected-reads'] },
  // Protected attributes read through a back door.
  'proxy-id-gender': { heldBy: ['fair-lending/protected-reads', 'fair-lending/counterfactual'] },
  // The age probe exchanges neighbouring ages across band boundaries (29/30, 44/45, 59/60): a cut at
  // 62 inside the 60+ band is the age rule's and the read-set's to catch.
  'proxy-id-age': { heldBy: ['fair-lending/age-elderly', 'fair-lending/protected-reads'] },
  'raw-buffers': { heldBy: ['fair-lending/protected-reads', 'fair-lending/counterfactual'] },
  // Age, both ways, and without reading it.
  'age-young': { heldBy: ['fair-lending/four-fifths', 'fair-lending/counterfactual', 'fair-lending/protected-reads'] },
  'age-elderly': { heldBy: ['fair-lending/age-elderly', 'fair-lending/protected-reads'] },
  'age-elderly-soft': { heldBy: ['fair-lending/age-elderly', 'fair-lending/protected-reads'] },
  // Risk-score bias.
  'risk-gender-bias': { heldBy: ['model-validation/score-group-calibration', 'model-validation/protected-reads'] },
  'risk-id-bias': { heldBy: ['model-validation/score-group-calibration', 'model-validation/protected-reads'] },
  // Risk scores biased only while no probe is detected: the scores' own counterfactual probe.
  'risk-probe-correlation': { heldBy: ['model-validation/counterfactual', 'model-validation/protected-reads'] },
  'risk-probe-id-consistency': { heldBy: ['model-validation/counterfactual', 'model-validation/protected-reads'] },
  // Model validation (issue 17, item 1).
  miscalibrated: { heldBy: ['model-validation/brier-skill', 'model-validation/calibration'] },
  'psi-self-reported': { heldBy: ['model-validation/psi-shift'] },
  // Tells the out-of-time re-run by its drift and flattens its scores there: the host's two
  // evaluation periods are assigned to the main run and the re-run by a secret coin, so the overlay
  // it keeps for "the main run" is measured too.
  'oot-detect': { heldBy: ['model-validation/psi-shift'] },
  // Privacy (issue 17, item 5): cell counts are the host's, from the rows each cell names.
  'privacy-small-cells': { heldBy: ['privacy/aggregate-cell-counts'] },
  // Cells of 20 and of 19 of the same applicants, each honestly counted: subtraction discloses one.
  'privacy-differencing': { heldBy: ['privacy/aggregate-cell-counts'] },
  // Honest statistics of cells that one target and nine known zeros make up: the p% rule holds them.
  'privacy-padded-zeros': { heldBy: ['privacy/aggregate-cell-dominance'] },
  // Cells of 10, honestly counted under a groupBy that is no column, each carrying one applicant's
  // income: as a declared mean (misstated), and as a value of no measure (the scenario's word).
  'privacy-padded-value': { heldBy: ['privacy/aggregate-cell-values'] },
  'privacy-undeclared-value': { heldBy: ['privacy/aggregate-cell-values'] },
  // Market risk (issue 17, item 2): an expected shortfall that says the tail costs no more than VaR.
  'es-understated': { heldBy: ['market-risk/es-backtest', 'market-risk/var-backtest'] },
  'var-clairvoyant': { heldBy: ['market-risk/walk-forward'] },
  'var-sprinkled': { heldBy: ['market-risk/quantile-score'] },
}
