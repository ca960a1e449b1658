/**
 * The English verdict sentences, one entry per sentence a check (or the evaluation around it) can
 * say: the words of every verdict `message`. Other languages mirror these keys and parameters
 * (verdict-text.ts). Signs such as ≥ and < are chosen by the entry from the parameters, so a
 * translation can word the comparison its own way.
 */
import type { TextFormat, VerdictText } from './verdict.js'

type F = TextFormat
type T = VerdictText
/** `≥`/`<` (or `≤`/`>`) as the figure met the bound or not. */
const atLeast = (ok: boolean) => (ok ? '≥' : '<')
const atMost = (ok: boolean) => (ok ? '≤' : '>')

export const verdictTextEn = {
  // around every check (evaluate.ts, across-attributes.ts)
  disabledByOperator: (p: { reason: string }) => `disabled by the operator: ${p.reason}`,
  notEvaluable: (p: { why: T }, f: F) => `not evaluable: ${f.text(p.why)}`,
  checkFailed: (p: { error: string }) => `not evaluable: the check failed: ${p.error}`,
  unknownCheck: (p: { check: string }) => `unknown check ${p.check}`,
  checkNotForKind: (p: { check: string; kind: string }) => `check ${p.check} does not apply to ${p.kind}`,
  worstOfAttributes: (p: { attributes: readonly string[]; inner: T }, f: F) => `worst of ${f.list(p.attributes)}: ${f.text(p.inner)}`,
  attributeNotEvaluable: (p: { attribute: string; why: T }, f: F) => `${p.attribute}: ${f.text(p.why)}`,
  noProtectedAttribute: () => 'the data kind declares no protected attribute',

  // finding the data (tables.ts, credit-join.ts, risk-join.ts, group-rates.ts, settlement-join.ts, rerun.ts)
  tableMissingColumn: (p: { table: string; type: string; column: string }) => `${p.table} has no ${p.type} column ${p.column}`,
  tableMissingCategorical: (p: { table: string; column: string }) => `${p.table} has no categorical column ${p.column}`,
  noDatasetOfKind: (p: { kinds: readonly string[] }) => `the run has no ${p.kinds.join(' or ')} dataset`,
  manyDatasetsOfKind: (p: { count: number; kinds: readonly string[] }) => `the run has ${p.count} ${p.kinds.join(' or ')} datasets, so the output cannot be matched to one`,
  decisionUnknownApplicant: (p: { decision: number; applicant: string }) => `decision ${p.decision} names applicant ${p.applicant}, who was not evaluated`,
  scoreUnknownId: (p: { score: number; id: string }, f: F) => `score ${p.score} names id ${f.quote(p.id)}, which is not in the evaluation partition`,
  idScoredTwice: (p: { id: string }, f: F) => `id ${f.quote(p.id)} is scored twice`,
  scoresCoverage: (p: { scored: number; rows: number }) => `the scores cover ${p.scored} of ${p.rows} evaluated rows`,
  needBothClasses: (p: { defaults: number; nonDefaults: number }) => `the evaluation partition has ${p.defaults} defaults and ${p.nonDefaults} non-defaults; both are needed`,
  fewerThanTwoGroups: () => 'fewer than two groups have decisions to compare',
  noCategoricalAttribute: (p: { attribute: string }) => `the applicants have no categorical attribute ${p.attribute}`,
  noParticipantsTable: () => 'the settlement data has no participants table, so opening balances are unknown',
  noOutOfTimePartition: (p: { kind: string }) => `${p.kind} has no out-of-time partition`,
  noExchangeForKind: (p: { kind: string; attribute: string }) => `${p.kind} declares no way to exchange ${p.attribute} between matched rows`,
  noExchangeInRun: (p: { attribute: string }) => `no dataset of the run declares a way to exchange ${p.attribute}`,

  // market-join.ts
  seriesUnknown: (p: { series: string; day: number }, f: F) => `series ${f.quote(p.series)} on day ${p.day} is neither an instrument with a price that day and the day before nor a declared portfolio`,
  portfolioNoReturn: (p: { portfolio: string; holding: string; day: number }, f: F) => `portfolio ${f.quote(p.portfolio)} holds ${f.quote(p.holding)}, which has no return on day ${p.day}`,
  noForecasts: () => 'the output has no forecasts',
  forecastsNotBacktestable: (p: { faults: T }, f: F) => `the forecasts cannot be backtested as stated: ${f.text(p.faults)} (see market-risk/forecasts)`,
  marketFaults: (
    p: { duplicateRows: number; invalidVar: number; invalidEs: number; misstatedPnl: number; missingDays: number; badPortfolios: number; portfolioNames: readonly string[] },
    f: F,
  ) =>
    [
      p.duplicateRows > 0 ? `${p.duplicateRows} duplicate (series, day) rows` : '',
      p.invalidVar > 0 ? `${p.invalidVar} VaR not finite and ≥ 0` : '',
      p.invalidEs > 0 ? `${p.invalidEs} ES not finite and ≥ VaR` : '',
      p.misstatedPnl > 0 ? `${p.misstatedPnl} stated P&L not the realised return` : '',
      p.missingDays > 0 ? `${p.missingDays} evaluation days without a forecast` : '',
      p.badPortfolios > 0 ? `${p.badPortfolios} portfolios with empty, zero, non-finite or unknown exposures (${p.portfolioNames.map((n) => f.quote(n)).join(', ')})` : '',
    ]
      .filter(Boolean)
      .join(', ') || 'none',

  // credit
  fourFifthsPass: (p: { attribute: string; ratio: number; threshold: number }, f: F) => `approval-rate ratio across ${p.attribute} is ${f.fixed(p.ratio, 3)} (≥ ${f.value(p.threshold)})`,
  fourFifthsFail: (p: { attribute: string; ratio: number; threshold: number; lowGroup: string; lowRate: number; highGroup: string; highRate: number }, f: F) =>
    `approval-rate ratio ${f.fixed(p.ratio, 3)} < ${f.value(p.threshold)} for ${p.attribute} group ${p.lowGroup} (${f.pct(p.lowRate)} approved vs ${f.pct(p.highRate)} for ${p.highGroup})`,
  noApprovals: () => 'no applicant in any group was approved, so the ratio is undefined',
  parityDifference: (p: { attribute: string; difference: number; threshold: number; highGroup: string; highRate: number; lowGroup: string; lowRate: number }, f: F) =>
    `approval rates across ${p.attribute} differ by ${f.fixed(p.difference, 3)} (${p.highGroup} ${f.pct(p.highRate)}, ${p.lowGroup} ${f.pct(p.lowRate)}; ${atMost(p.difference <= p.threshold)} ${f.value(p.threshold)})`,
  equalOpportunity: (p: { attribute: string; difference: number; threshold: number; highGroup: string; highRate: number; lowGroup: string; lowRate: number }, f: F) =>
    `true-positive rates across ${p.attribute} differ by ${f.fixed(p.difference, 3)} (${p.highGroup} ${f.pct(p.highRate)}, ${p.lowGroup} ${f.pct(p.lowRate)} of repaying applicants approved; ${atMost(p.difference <= p.threshold)} ${f.value(p.threshold)})`,
  adverseReasonsPass: (p: { declines: number; min: number; max: number }, f: F) => `all ${f.count(p.declines)} declines state between ${f.value(p.min)} and ${f.value(p.max)} reasons`,
  adverseReasonsFail: (p: { bad: number; declines: number; problem: T }, f: F) => `${f.count(p.bad)} of ${f.count(p.declines)} declines lack valid adverse-action reasons (${f.text(p.problem)})`,
  reasonRepeated: () => 'a reason is repeated',
  reasonGap: () => 'reasons must fill the first slots without gaps',
  reasonsTooFew: (p: { min: number }) => `fewer than ${p.min} reason(s)`,
  ageNotRecorded: (p: { kind: string }) => `${p.kind} records no applicant age, so no one can be scored down for it`,
  ageNoElderly: (p: { age: number }) => `no evaluated applicant is ${p.age} or older, so none was scored down for age`,
  ageAllElderly: (p: { age: number }) => `every evaluated applicant is ${p.age} or older, so none was scored down for age`,
  ageNoYoungerApproved: () => 'no younger applicant was approved, so none was scored down for age',
  ageRatio: (p: { age: number; elderlyRate: number; youngerRate: number; ratio: number; threshold: number; z: number; passed: boolean }, f: F) =>
    `applicants aged ${p.age}+ approved at ${f.pct(p.elderlyRate)}, younger ones at ${f.pct(p.youngerRate)}: ratio ${f.fixed(p.ratio, 3)} (${atLeast(p.ratio >= p.threshold)} ${f.value(p.threshold)}; z = ${f.fixed(p.z, 2)}${p.ratio >= p.threshold ? '' : p.passed ? ', within sampling noise' : ', significant'})`,
  aprCapPass: (p: { cap: number; multiple: number; lpr: number; highest: number }, f: F) =>
    `no approved loan exceeds ${f.pct(p.cap, 2)} APR (${f.value(p.multiple)} × LPR ${f.pct(p.lpr, 2)}); the highest is ${f.pct(p.highest, 2)}`,
  aprCapFail: (p: { over: number; approvals: number; cap: number; missing: number }, f: F) =>
    `${f.count(p.over)} of ${f.count(p.approvals)} approvals are priced above ${f.pct(p.cap, 2)} APR and ${f.count(p.missing)} state no valid APR`,
  coveragePass: (p: { applicants: number }, f: F) => `all ${f.count(p.applicants)} applicants received exactly one decision`,
  coverageFail: (p: { missing: number; applicants: number; duplicates: number }, f: F) =>
    `${f.count(p.missing)} of ${f.count(p.applicants)} applicants received no decision and ${f.count(p.duplicates)} received more than one`,
  probeNotRun: (p: { attribute: string }) => `the run with ${p.attribute} exchanged was not performed`,
  probeFailed: (p: { attribute: string; code: string; error: string }) => `the run with ${p.attribute} exchanged failed: ${p.code}: ${p.error}`,
  probeNoPairs: (p: { rows: number; attribute: string }, f: F) => `no two of the ${f.count(p.rows)} applicants could be matched to exchange ${p.attribute}: nothing to probe`,
  probeNoDecision: (p: { attribute: string }) => `no exchanged applicant of ${p.attribute} had a decision`,
  probeChanged: (p: { changed: number; exchanged: number; share: number; attribute: string; pairs: number; threshold: number }, f: F) =>
    `${f.count(p.changed)} of ${f.count(p.exchanged)} decisions (${f.pct(p.share)}) changed when ${p.attribute} was exchanged between ${f.count(p.pairs)} matched pairs (${atMost(p.share <= p.threshold)} ${f.pct(p.threshold)})`,
  probeNoScore: (p: { attribute: string }) => `no exchanged applicant of ${p.attribute} had a score`,
  probeScoresChanged: (p: { changed: number; exchanged: number; share: number; attribute: string; pairs: number; threshold: number; tolerance: number }, f: F) =>
    `${f.count(p.changed)} of ${f.count(p.exchanged)} risk scores (${f.pct(p.share)}) changed by more than ${f.value(p.tolerance)} when ${p.attribute} was exchanged between ${f.count(p.pairs)} matched pairs (${atMost(p.share <= p.threshold)} ${f.pct(p.threshold)})`,
  protectedReadsNone: () => 'the scenario read no protected attribute and no declared proxy',
  /** `reveals`: the attributes a proxy column reveals; empty when the column is the attribute itself. */
  protectedReadsFound: (p: { reads: Array<{ column: string; reveals: readonly string[] }> }, f: F) =>
    `the scenario read ${f.list(p.reads.map((r) => (r.reveals.length === 0 ? r.column : `${r.column} (reveals ${f.list(r.reveals)})`)))}: remove ${p.reads.length === 1 ? 'this read' : 'these reads'} (every column(), row() or iteration of ${p.reads.length === 1 ? 'it' : 'them'}), including in training and reporting`,

  // model validation
  auc: (p: { auc: number; gini: number; rows: number; threshold: number }, f: F) =>
    `AUC ${f.fixed(p.auc, 3)} (Gini ${f.fixed(p.gini, 3)}) on ${f.count(p.rows)} held-back rows; ${atLeast(p.auc >= p.threshold)} ${f.value(p.threshold)}`,
  ks: (p: { ks: number; at: number; threshold: number }, f: F) => `KS ${f.fixed(p.ks, 3)} at score ${f.fixed(p.at, 4)}; ${atLeast(p.ks >= p.threshold)} ${f.value(p.threshold)}`,
  brier: (p: { brier: number; baseRate: number; reference: number; threshold: number }, f: F) =>
    `Brier score ${f.fixed(p.brier, 4)} (a constant ${f.fixed(p.baseRate, 3)} forecast scores ${f.fixed(p.reference, 4)}); ${atMost(p.brier <= p.threshold)} ${f.value(p.threshold)}`,
  brierSkill: (p: { skill: number; brier: number; reference: number; baseRate: number; threshold: number }, f: F) =>
    `Brier skill score ${f.fixed(p.skill, 4)}: Brier ${f.fixed(p.brier, 4)} against ${f.fixed(p.reference, 4)} for a constant ${f.fixed(p.baseRate, 3)} forecast (${atLeast(p.skill >= p.threshold)} ${f.value(p.threshold)})`,
  singleClass: () => 'the evaluation partition has a single class, so the base-rate forecast is perfect',
  calibrationEce: (p: { ece: number; bins: number; threshold: number }, f: F) =>
    `expected calibration error ${f.fixed(p.ece, 4)} over ${f.count(p.bins)} bins; ${atMost(p.ece <= p.threshold)} ${f.value(p.threshold)}`,
  psi: (p: { psi: number; years: number; threshold: number }, f: F) =>
    `PSI ${f.fixed(p.psi, 4)} between scores of the same applicants in two evaluation periods ${f.value(p.years)} year apart (the main run saw one, an out-of-time re-run the other): ${p.psi < 0.1 ? 'stable' : p.psi <= 0.25 ? 'a moderate shift' : 'a significant shift'}; ${atMost(p.psi <= p.threshold)} ${f.value(p.threshold)}`,
  outOfTimeNotRun: () => 'the run on the out-of-time partition was not performed',
  outOfTimeFailed: (p: { code: string; error: string }) => `the run on the out-of-time partition failed: ${p.code}: ${p.error}`,
  alertPlausibilityNone: () => 'the evaluation partition has no untraceable laundering legs: nothing to bound',
  alertPlausibilityPass: (p: { caught: number; legs: number; figure: number; ordinaryRate: number; ceiling: number; pValue: number }, f: F) =>
    `${f.count(p.caught)} of ${f.count(p.legs)} untraceable laundering legs alerted (${f.pct(p.figure)}), as chance allows at the ${f.pct(p.ordinaryRate)} alert rate of ordinary traffic (ceiling ${f.pct(p.ceiling)})`,
  alertPlausibilityFail: (p: { caught: number; legs: number; figure: number; ordinaryRate: number; ceiling: number; pValue: number }, f: F) =>
    `implausible: leakage suspected — ${f.count(p.caught)} of ${f.count(p.legs)} laundering legs that nothing visible distinguishes from ordinary traffic were alerted (${f.pct(p.figure)}), while ordinary traffic was alerted at ${f.pct(p.ordinaryRate)}: above the ceiling ${f.pct(p.ceiling)} (Fisher's exact p = ${p.pValue.toExponential(2)})`,
  plausibilityPass: (p: { metric: 'auc' | 'ks' | 'brier'; figure: number; bound: number; oracle: number }, f: F) =>
    `${metricName(p.metric)} ${f.fixed(p.figure, 4)} is within what the data allows (${p.metric === 'brier' ? 'floor' : 'ceiling'} ${f.fixed(p.bound, 4)}; the true default probabilities score ${f.fixed(p.oracle, 4)} on these rows)`,
  plausibilityFail: (p: { metric: 'auc' | 'ks' | 'brier'; figure: number; bound: number; oracle: number }, f: F) =>
    `implausible: leakage suspected — ${metricName(p.metric)} ${f.fixed(p.figure, 4)} is ${p.metric === 'brier' ? 'below the floor' : 'above the ceiling'} ${f.fixed(p.bound, 4)}: the true default probabilities themselves score ${f.fixed(p.oracle, 4)} on these rows`,
  noTrueProbabilities: (p: { kind: string }) => `the ${p.kind} generator gives no true probabilities for these rows`,
  modelCardPass: (p: { name: string; features: number }, f: F) => `the model card of ${p.name} lists ${f.count(p.features)} features, the intended use and the limitations`,
  modelCardFail: (p: { problems: T[] }, f: F) => `model card: ${p.problems.map((t) => f.text(t)).join('; ')}`,
  modelCardMissing: () => 'there is no model card',
  modelCardNoFeatures: () => 'no features are listed',
  modelCardNoIntendedUse: (p: { min: number }) => `the intended use is missing or shorter than ${p.min} characters`,
  modelCardNoLimitations: (p: { min: number }) => `the limitations are missing or shorter than ${p.min} characters`,
  modelCardProtectedFeatures: (p: { features: readonly string[] }, f: F) => `it lists protected attributes as features: ${f.list(p.features)}`,
  meanScoreDifference: (p: { attribute: string; difference: number; threshold: number; highGroup: string; high: number; lowGroup: string; low: number }, f: F) =>
    `mean scores across ${p.attribute} differ by ${f.fixed(p.difference, 3)} (${p.highGroup} ${f.fixed(p.high, 3)}, ${p.lowGroup} ${f.fixed(p.low, 3)}; ${atMost(p.difference <= p.threshold)} ${f.value(p.threshold)})`,
  repaidBelowCutoff: (p: { cutoff: number; attribute: string; highGroup: string; high: number; lowGroup: string; low: number; difference: number; threshold: number }, f: F) =>
    `repaying applicants scored below ${f.value(p.cutoff)} across ${p.attribute}: ${p.highGroup} ${f.pct(p.high)}, ${p.lowGroup} ${f.pct(p.low)}, a difference of ${f.fixed(p.difference, 3)} (${atMost(p.difference <= p.threshold)} ${f.value(p.threshold)})`,
  calibrationGap: (p: { attribute: string; group: string; meanScore: number; defaultRate: number; gap: number; threshold: number }, f: F) =>
    `${p.attribute} group ${p.group} is scored ${f.fixed(p.meanScore, 3)} on average against an observed default rate of ${f.fixed(p.defaultRate, 3)}: a gap of ${f.fixed(p.gap, 3)} (${atMost(p.gap <= p.threshold)} ${f.value(p.threshold)})`,
  scoredNoAttribute: (p: { attribute: string }) => `the scored rows have no categorical attribute ${p.attribute}`,
  fewerThanTwoScoredGroups: (p: { attribute: string }) => `fewer than two groups of ${p.attribute} were scored`,

  // operational and privacy
  outputValid: (p: { kind: string }) => `the output is a valid ${p.kind} result`,
  outputInvalid: (p: { kind: string; issues: string }) => `the output is not a valid ${p.kind} result: ${p.issues}`,
  determinismSame: (p: { hash: string }) => `a second run gave the same output (sha256 ${p.hash}…)`,
  determinismDiffers: (p: { first: string; second: string }) => `a second run gave a different output: sha256 ${p.first}… then ${p.second}…`,
  repeatNotRun: () => 'the repeat run was not performed',
  repeatFailed: (p: { code: string; error: string }) => `the repeat run failed: ${p.code}: ${p.error}`,
  resourceBudget: (p: { resource: string; used: number; budget: number; share: number; limit: number; usedShare: number }, f: F) =>
    `${p.resource} used ${f.fixed(p.used, 0)} of a budget of ${f.fixed(p.budget, 0)} (${f.pct(p.share, 0)} of the run's limit ${f.value(p.limit)}): ${f.pct(p.usedShare, 0)}${p.usedShare <= 1 ? '' : ', over budget'}`,
  noResourceUse: () => 'the run reported no resource use',
  noResolvedLimits: () => 'the run has no resolved limits to measure against',
  aggregateWithoutRows: (p: { aggregate: string }) =>
    `aggregate ${p.aggregate} does not name the rows its cells count (over and rows), so its counts are the scenario's own word`,
  aggregateUnknownDataset: (p: { aggregate: string; dataset: string }) => `aggregate ${p.aggregate} counts rows of ${p.dataset}, which is not a dataset of this run`,
  aggregateRowsOutOfRange: (p: { aggregate: string; end: number; rows: number }, f: F) =>
    `aggregate ${p.aggregate} names rows up to ${f.count(p.end)}, beyond the ${f.count(p.rows)} rows of its partition`,
  cellCountsMisstated: (p: { misstated: number; aggregate: string; group: readonly string[]; stated: number; counted: number }, f: F) =>
    `${f.count(p.misstated)} published cells state a count other than the rows they name, e.g. ${p.aggregate} [${p.group.join(', ')}] states ${f.count(p.stated)} and names ${f.count(p.counted)}`,
  cellRowsNotGroup: (p: { cells: number; aggregate: string; group: readonly string[]; column: string; row: number; value: string }, f: F) =>
    `${f.count(p.cells)} published cells name rows outside their group, e.g. ${p.aggregate} [${p.group.join(', ')}] names row ${f.count(p.row)}, whose ${p.column} is ${p.value}`,
  cellsDifferencing: (p: { pairs: number; k: number; first: string; second: string; difference: number }, f: F) =>
    `${f.count(p.pairs)} pairs of published cells overlap and differ by fewer than ${f.value(p.k)} rows, so subtracting one from the other publishes a cell of ${f.count(p.difference)}, e.g. ${p.first} and ${p.second}`,
  cellRowsTooMany: (p: { limit: number }, f: F) => `the published cells name more than ${f.count(p.limit)} row values to check against their groups, too many to check`,
  cellsOverlapTooMany: (p: { limit: number }, f: F) => `the published cells overlap more than ${f.count(p.limit)} times, too many to check for differencing`,
  noAggregateCells: () => 'the output publishes no aggregate cells',
  cellCountsPass: (p: { cells: number; k: number; smallest: number }, f: F) => `all ${f.count(p.cells)} published cells count at least ${f.value(p.k)} records (smallest ${f.count(p.smallest)})`,
  cellCountsFail: (p: { small: number; cells: number; k: number; aggregate: string; group: readonly string[]; count: number }, f: F) =>
    `${f.count(p.small)} of ${f.count(p.cells)} published cells count fewer than ${f.value(p.k)} records, e.g. ${p.aggregate} [${p.group.join(', ')}] = ${f.count(p.count)}`,
  // aggregate-cell-dominance
  noDominanceValues: () => 'the output publishes no cell value computed from a column of the data',
  cellDominancePass: (p: { tested: number; p: number }, f: F) => `none of the ${f.count(p.tested)} cell values computed from the data lets one record be estimated within ${f.value(p.p)}% (p% rule)`,
  cellValuesDominated: (p: { sensitive: number; tested: number; p: number; aggregate: string; group: readonly string[]; value: string; rows: number }, f: F) =>
    `${f.count(p.sensitive)} of ${f.count(p.tested)} cell values computed from the data let one record be estimated within ${f.value(p.p)}% (p% rule), e.g. ${f.quote(p.aggregate)} [${p.group.map((g) => f.quote(g)).join(', ')}] ${f.quote(p.value)} over ${f.count(p.rows)} rows: one or two rows make up nearly all of it`,
  // aggregate-cell-values
  noCellValues: (p: { reported: number }, f: F) => `the output publishes no aggregate cell values${p.reported > 0 ? `; ${f.count(p.reported)} figures are reported by the scenario, not recomputed` : ''}`,
  cellValuesPass: (p: { values: number; cells: number; reported: number }, f: F) =>
    `all ${f.count(p.values)} published cell values (of ${f.count(p.cells)} cells) are the statistics of their cells' rows, recomputed by the host${p.reported > 0 ? `; ${f.count(p.reported)} figures are reported by the scenario, not recomputed` : ''}`,
  cellValuesMisstated: (p: { misstated: number; aggregate: string; group: readonly string[]; value: string; stated: number; recomputed: number | null }, f: F) =>
    `${f.count(p.misstated)} published cell values are not the statistic of the rows their cell names, e.g. ${f.quote(p.aggregate)} [${p.group.map((g) => f.quote(g)).join(', ')}] ${f.quote(p.value)} states ${f.value(p.stated)}, recomputed ${p.recomputed === null ? 'none (the cell names no rows)' : f.value(p.recomputed)}`,
  cellValuesUndeclared: (p: { undeclared: number; aggregate: string; group: readonly string[]; value: string }, f: F) =>
    `${f.count(p.undeclared)} published cell values declare no measure, so they are the scenario's own word, e.g. ${f.quote(p.aggregate)} [${p.group.map((g) => f.quote(g)).join(', ')}] ${f.quote(p.value)}`,
  measureUnknownColumn: (p: { aggregate: string; value: string; column: string; dataset: string }, f: F) =>
    `the measure of ${f.quote(p.value)} in aggregate ${f.quote(p.aggregate)} reads column ${f.quote(p.column)}, which ${f.quote(p.dataset)} does not have`,
  measureHiddenColumn: (p: { aggregate: string; value: string; column: string; dataset: string }, f: F) =>
    `the measure of ${f.quote(p.value)} in aggregate ${f.quote(p.aggregate)} reads ${f.quote(p.column)}, a label of the evaluation partition of ${f.quote(p.dataset)} that the scenario cannot see; the host publishes no figure of it`,
  measureColumnType: (p: { aggregate: string; value: string; column: string; stat: string }, f: F) =>
    `the measure of ${f.quote(p.value)} in aggregate ${f.quote(p.aggregate)} takes the ${p.stat} of ${f.quote(p.column)}, a dictionary column: a ${p.stat} needs a numeric column (use share with equals)`,
  measureUnknownField: (p: { aggregate: string; value: string; field: string; kind: string; fields: readonly string[] }, f: F) =>
    `the measure of ${f.quote(p.value)} in aggregate ${f.quote(p.aggregate)} reads ${f.quote(p.field)} of the result, which the host does not join to rows for ${p.kind}${p.fields.length === 0 ? ' (it joins none)' : ` (it joins ${f.list(p.fields)})`}`,
  measureFieldNotOver: (p: { aggregate: string; value: string; field: string; dataset: string }, f: F) =>
    `the measure of ${f.quote(p.value)} in aggregate ${f.quote(p.aggregate)} reads ${f.quote(p.field)} of the result, which joins to the evaluation partition of ${f.quote(p.dataset)} only, not to the rows this aggregate counts`,
  measureRowWithoutField: (p: { aggregate: string; value: string; field: string; row: number }, f: F) =>
    `the measure of ${f.quote(p.value)} in aggregate ${f.quote(p.aggregate)} reads ${f.quote(p.field)} of the result, which gives row ${f.count(p.row)} of the cell no single value`,
  cellValueRowsTooMany: (p: { limit: number }, f: F) => `the published cell values need more than ${f.count(p.limit)} row values read to recompute, too many to check`,
  noPersonalData: () => 'no dataset of this run carries personal data, so no canary can leak',
  canariesPass: (p: { planted: number }, f: F) => `none of ${f.count(p.planted)} planted PII canaries appears in the output`,
  canariesFail: (p: { found: number; planted: number; byField: Record<string, number> }, f: F) =>
    `${f.count(p.found)} of ${f.count(p.planted)} planted PII canaries appear in the output (${Object.entries(p.byField)
      .map(([field, n]) => `${f.count(n)} ${field}`)
      .join(', ')})`,

  // AML
  alertPrecision: (p: { truePositives: number; flagged: number; precision: number; threshold: number }, f: F) =>
    `${f.count(p.truePositives)} of ${f.count(p.flagged)} alerted transactions (${f.pct(p.precision)}) are laundering; ${atLeast(p.precision >= p.threshold)} ${f.pct(p.threshold)}`,
  noAlerts: () => 'no transaction was alerted, so precision is undefined',
  alertRecall: (p: { truePositives: number; laundering: number; recall: number; threshold: number }, f: F) =>
    `${f.count(p.truePositives)} of ${f.count(p.laundering)} laundering transactions (${f.pct(p.recall)}) were alerted; ${atLeast(p.recall >= p.threshold)} ${f.pct(p.threshold)}`,
  noLaundering: () => 'the data has no planted laundering, so recall is undefined',
  typologyRecall: (p: { typologies: readonly string[]; lowest: string; recall: number; alerted: number; planted: number; threshold: number }, f: F) =>
    `lowest recall over ${p.typologies.length === 1 ? p.typologies[0] : `${p.typologies.length} typologies`} is ${f.pct(p.recall)} (${p.lowest}: ${f.count(p.alerted)} of ${f.count(p.planted)}); ${atLeast(p.recall >= p.threshold)} ${f.pct(p.threshold)}`,
  typologiesMissing: (p: { typologies: readonly string[] }, f: F) => `the data has no planted ${f.list(p.typologies)} transactions`,
  noTypologies: () => 'the data has no planted typologies',
  largeValuePass: (p: { required: number }, f: F) => `all ${f.count(p.required)} transactions at or above the art. 5 thresholds (singly or summed per customer and day) are reported`,
  largeValueFail: (p: { missing: number; required: number; unknown: number; unrequired: number }, f: F) =>
    `${f.count(p.missing)} of ${f.count(p.required)} transactions needing a large-value report (singly or summed per customer and day) are not reported under an applicable category${p.unknown > 0 ? `, and ${f.count(p.unknown)} reports name unknown transactions` : ''}${p.unrequired > 0 ? `; ${f.count(p.unrequired)} reports name a transaction that does not need one under that category` : ''}`,
  /** The SDK's rate table has no rate for a currency of the data (the SDK's RangeError says which). */
  largeValueNoRate: (p: { error: string }) => `the large-value thresholds cannot be applied: ${p.error}`,

  // market risk
  varBacktest: (p: { series: string; exceptions: number; days: number; expected: number; confidence: number; lr: number; critical: number; pValue: number }, f: F) =>
    `worst series ${f.quote(p.series)}: ${f.count(p.exceptions)} exceptions in ${f.count(p.days)} days (expected ${f.fixed(p.expected, 1)} at ${f.value(p.confidence * 100)}%), Kupiec LR ${f.fixed(p.lr, 3)} ${atMost(p.lr <= p.critical)} ${f.value(p.critical)} (p = ${f.fixed(p.pValue, 3)})`,
  seriesTooShort: (p: { series: string; days: number; window: number }, f: F) => `series ${f.quote(p.series)} has ${f.count(p.days)} days, fewer than the ${f.value(p.window)}-day window`,
  noAnotherFuture: (p: { kind: string }) => `${p.kind} is not a time series the host can give another future`,
  anotherFutureNotRun: () => 'the run on another future of the market data was not performed',
  anotherFutureFailed: (p: { code: string; error: string }) => `the run on another future of the market data failed: ${p.code}: ${p.error}`,
  walkForwardPass: (p: { compared: number; fromDay: number }, f: F) => `all ${f.count(p.compared)} forecasts up to day ${p.fromDay} are the same when every price from that day on is another path: each uses only the days before it`,
  walkForwardFail: (p: { changed: number; compared: number; fromDay: number; series: string; day: number }, f: F) =>
    `${f.count(p.changed)} of ${f.count(p.compared)} forecasts up to day ${p.fromDay} changed when the prices from that day on were another path (first: series ${f.quote(p.series)}, day ${p.day}): they read the days they forecast`,
  walkForwardMissing: (p: { missing: number; fromDay: number }, f: F) => `${f.count(p.missing)} forecasts up to day ${p.fromDay} are missing from the run on another future`,
  quantileScore: (p: { series: string; loss: number; benchmark: number; ratio: number; statistic: number; critical: number; window: number }, f: F) =>
    `worst series ${f.quote(p.series)}: mean quantile loss ${f.fixed(p.loss * 1e4, 3)} bp against ${f.fixed(p.benchmark * 1e4, 3)} bp for ${f.value(p.window)}-day historical simulation (${f.fixed(p.ratio, 2)}×), Diebold–Mariano statistic ${f.fixed(p.statistic, 2)} ${atMost(p.statistic <= p.critical)} ${f.value(p.critical)}`,
  quantileScoreNoHistory: (p: { series: string; days: number; window: number }, f: F) => `series ${f.quote(p.series)} has ${f.count(p.days)} days of P&L before its first forecast, fewer than the ${f.value(p.window)} the benchmark needs`,
  trafficLight: (p: { series: string; exceptions: number; days: number; zone: string; greenMax: number; redFrom: number }, f: F) =>
    `worst series ${p.series}: ${f.count(p.exceptions)} exceptions in its last ${f.count(p.days)} days, ${p.zone} zone (green ≤ ${f.count(p.greenMax)}, red ≥ ${f.count(p.redFrom)})`,
  esUnbounded: (p: { series: string }) => `series ${p.series} has an exception on a day its ES is 0, so its tail is unbounded`,
  esBacktest: (p: { series: string; z2: number; critical: number; days: number; exceptions: number; meanLoss: number | null; meanEs: number | null }, f: F) =>
    `worst series ${p.series}: Z2 ${f.fixed(p.z2, 3)} ${atLeast(p.z2 >= p.critical)} ${f.value(p.critical)} over ${f.count(p.days)} days (${f.count(p.exceptions)} exceptions${p.meanLoss === null ? '' : `, mean loss ${f.pct(p.meanLoss, 2)} against mean ES ${f.pct(p.meanEs ?? 0, 2)}`})`,
  forecastsPass: (p: { series: number; confidence: number }, f: F) => `${f.count(p.series)} series of one-day ${f.value(p.confidence * 100)}% forecasts, one per day, each backtestable`,
  forecastsFail: (p: { faults: T[] }, f: F) => p.faults.map((t) => f.text(t)).join('; '),
  forecastsWrongConfidence: (p: { declared: number; wanted: number }, f: F) => `confidence declared ${f.value(p.declared)}, the pack backtests ${f.value(p.wanted)}`,
  forecastsWrongHorizon: (p: { declared: number; wanted: number }, f: F) => `horizon ${f.value(p.declared)} days, the pack backtests ${f.value(p.wanted)}`,
  forecastsShortSeries: (p: { count: number; window: number; names: readonly string[] }, f: F) =>
    `${f.count(p.count)} series with fewer than ${f.value(p.window)} days (${p.names.map((n) => f.quote(n)).join(', ')})`,

  // settlement
  conservationPass: (p: { entries: number }, f: F) => `the ledger of ${f.count(p.entries)} entries conserves value and reconciles to every balance`,
  conservationFail: (p: { issue: T; more: number }, f: F) => `value is not conserved: ${f.text(p.issue)} (and ${f.count(p.more)} more)`,
  conservationUnknownParticipant: (p: { entry: number; participant: string }) => `entry ${p.entry} moves money for unknown participant ${p.participant}`,
  conservationBalanceAfter: (p: { entry: number; participant: string; stated: number; running: number }) =>
    `entry ${p.entry}: balanceAfter of ${p.participant} is ${p.stated}, the running balance ${p.running}`,
  conservationCurrencySum: (p: { currency: string; sum: number }) => `entries in ${p.currency} sum to ${p.sum}`,
  conservationDebited: (p: { instruction: number; participant: string; moved: number; amount: number }) =>
    `instruction ${p.instruction}: debtor ${p.participant} debited ${p.moved} of ${p.amount}`,
  conservationCredited: (p: { instruction: number; participant: string; moved: number; amount: number }) =>
    `instruction ${p.instruction}: creditor ${p.participant} credited ${p.moved} of ${p.amount}`,
  conservationUnknownBalance: (p: { participant: string }) => `balances list unknown participant ${p.participant}`,
  conservationOpening: (p: { participant: string; stated: number; host: number }) => `${p.participant}: stated opening ${p.stated} vs ${p.host}`,
  conservationClosing: (p: { participant: string; stated: number; ledger: number }) => `${p.participant}: stated closing ${p.stated} vs ledger ${p.ledger}`,
  conservationNoClosing: (p: { participant: string }) => `no closing balance stated for ${p.participant}`,
  hashChainPass: (p: { blocks: number }, f: F) => `all ${f.count(p.blocks)} blocks recompute: Merkle roots, hashes and links`,
  hashChainFail: (p: { failed: number; blocks: number; stray: number; first: { height: number; problems: T[] } | null }, f: F) =>
    `${f.count(p.failed)} of ${f.count(p.blocks)} blocks fail to recompute${p.stray > 0 ? ` and ${f.count(p.stray)} outcomes or entries lie in no block` : ''}${p.first ? ` (block ${p.first.height}: ${p.first.problems.map((t) => f.text(t)).join('; ')})` : ''}`,
  blockHeight: (p: { height: number; index: number }) => `height ${p.height} at position ${p.index}`,
  blockPrevHash: () => 'prevHash does not link to the previous block',
  blockSize: (p: { size: number; outcomes: number }) => `size ${p.size} but ${p.outcomes} outcomes`,
  blockMerkleRoot: (p: { stated: string; recomputed: string }) => `Merkle root ${p.stated}… recomputes to ${p.recomputed}…`,
  blockHash: (p: { stated: string; recomputed: string }) => `hash ${p.stated}… recomputes to ${p.recomputed}…`,
  blockFinality: () => 'finality names a block that does not exist',
  negativeBalancePass: (p: { entries: number; lowest: number }, f: F) => `no balance goes negative over ${f.count(p.entries)} entries (lowest ${f.fixed(p.lowest, 2)})`,
  negativeBalanceFail: (p: { negatives: number; lowest: number; participant: string; entry: number }, f: F) =>
    `${f.count(p.negatives)} entries leave a balance negative; the lowest is ${f.fixed(p.lowest, 2)} for ${p.participant} at entry ${p.entry}`,
  noReversalPass: (p: { entries: number }, f: F) => `every settled instruction has its debit and credit and nothing reverses them (${f.count(p.entries)} entries)`,
  noReversalFail: (p: { offending: number; problem: T }, f: F) => `${f.count(p.offending)} ledger entries reverse, repeat or invent a settled movement (${f.text(p.problem)})`,
  entryUnknownInstruction: () => 'names an unknown instruction',
  entryNotSettled: () => 'moves money for an instruction that did not settle',
  entryReversal: () => 'a further entry after the settled debit and credit (a reversal)',
  entryWrongMovement: (p: { debit: boolean; expected: string; amount: number; participant: string }) =>
    `expected a ${p.debit ? 'debit of the debtor' : 'credit of the creditor'} ${p.expected}, got ${p.amount} for ${p.participant}`,
  outcomesPass: (p: { instructions: number }, f: F) => `all ${f.count(p.instructions)} instructions were settled or rejected with a reason, exactly once`,
  outcomesFail: (p: { bad: number; instructions: number; problems: Array<{ count: number; problem: T }> }, f: F) =>
    `${f.count(p.bad)} of ${f.count(p.instructions)} instructions lack exactly one valid outcome (${problemCounts(p.problems, f)})`,
  outcomeNeverSubmitted: () => 'outcome for an instruction that was never submitted',
  outcomeEndToEndId: () => 'EndToEndId differs from the instruction',
  outcomeSettledWithReason: () => 'settled with a rejection reason',
  outcomeNotFinal: () => 'settled but not in a final block',
  outcomeNoReasonCode: () => 'rejected without a valid reason code',
  outcomePlantedSettled: (p: { planted: string }) => `settled although planted to fail (${p.planted})`,
  outcomeMissing: () => 'no outcome',
  outcomeDuplicate: () => 'more than one outcome',
  replayPass: (p: { instructions: number }, f: F) => `the replay agrees with all ${f.count(p.instructions)} outcomes: every faultless instruction settled, every rejection has its fault's code`,
  replayFail: (p: { disagree: number; instructions: number; problems: Array<{ count: number; problem: T }> }, f: F) =>
    `${f.count(p.disagree)} of ${f.count(p.instructions)} outcomes disagree with the replay (${problemCounts(p.problems, f)})`,
  replayRejectedFaultless: () => 'a faultless instruction with liquidity was rejected',
  replaySettledFault: (p: { fault: string }) => `settled despite its fault (${p.fault})`,
  replayWrongCode: () => 'rejected with the wrong reason code',
  uniqueEndToEndPass: (p: { settled: number }, f: F) => `each of ${f.count(p.settled)} settled EndToEndIds settled once`,
  uniqueEndToEndFail: (p: { duplicates: number; example: string; instructions: readonly number[] }, f: F) =>
    `${f.count(p.duplicates)} EndToEndIds settled more than once, e.g. ${p.example} (instructions ${p.instructions.join(', ')})`,
}

function metricName(metric: 'auc' | 'ks' | 'brier'): string {
  return metric === 'auc' ? 'AUC' : metric === 'ks' ? 'KS' : 'Brier score'
}

function problemCounts(problems: Array<{ count: number; problem: T }>, f: F): string {
  return problems.map((p) => `${f.count(p.count)}× ${f.text(p.problem)}`).join('; ')
}
