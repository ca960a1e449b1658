/**
 * The verdict sentences in simplified Chinese: one entry per key of the English catalogue
 * (compliance/verdict-text-en.ts), with the same parameters — a missing key or a changed parameter
 * is a compile error here. Names from the data or the scenario (groups, series, participants,
 * column names, error codes) stay as they are; free text from an operator or an author (a reason, a
 * model's name) stands in 「」; everything else is worded here.
 */
import type { VerdictCatalogue } from '../../../compliance/index.js'

const ge = (ok: boolean) => (ok ? '≥' : '<')
const le = (ok: boolean) => (ok ? '≤' : '>')
const metric = (m: 'auc' | 'ks' | 'brier') => (m === 'auc' ? 'AUC' : m === 'ks' ? 'KS 值' : 'Brier 分数')
const zones: Record<string, string> = { green: '绿区', yellow: '黄区', red: '红区' }
const fields: Record<string, string> = { fullName: '姓名', nationalId: '身份证号', phone: '电话号码' }
/** The tables checks name when one lacks a column (compliance/tables.ts callers). */
const tables: Record<string, string> = {
  'the alerts': '告警表',
  'the applicants': '申请人表',
  'the balances': '余额表',
  'the decisions': '决策表',
  'the evaluation partition': '评估分区',
  'the forecasts': '预测表',
  'the hidden labels': '隐藏标签',
  'the instructions': '指令表',
  'the ledger': '账本',
  'the market data': '市场数据',
  'the outcomes': '结果表',
  'the participants': '参与者表',
  'the reports': '报告表',
  'the scored rows': '被评分的记录',
  'the scores': '评分表',
  'the table': '数据表',
  'the training scores': '训练评分',
  'the transactions': '交易表',
}
const table = (name: string) => tables[name] ?? name

export const verdictsZhCN: VerdictCatalogue = {
  disabledByOperator: (p) => `已被运营方停用，理由：「${p.reason}」`,
  notEvaluable: (p, f) => `无法评估：${f.text(p.why)}`,
  checkFailed: (p) => `无法评估：检查本身出错（${p.error}）`,
  unknownCheck: (p) => `未知的检查 ${p.check}`,
  checkNotForKind: (p) => `检查 ${p.check} 不适用于结果类型 ${p.kind}`,
  worstOfAttributes: (p, f) => `${f.list(p.attributes)} 中最差者：${f.text(p.inner)}`,
  attributeNotEvaluable: (p, f) => `${p.attribute}：${f.text(p.why)}`,
  noProtectedAttribute: () => '该数据类型未声明任何受保护属性',

  tableMissingColumn: (p) => `${table(p.table)}缺少 ${p.type} 类型的列 ${p.column}`,
  tableMissingCategorical: (p) => `${table(p.table)}缺少分类列 ${p.column}`,
  noDatasetOfKind: (p) => `本次运行没有 ${p.kinds.join(' 或 ')} 数据集`,
  manyDatasetsOfKind: (p, f) => `本次运行有 ${f.count(p.count)} 个 ${p.kinds.join(' 或 ')} 数据集，无法将输出对应到其中一个`,
  decisionUnknownApplicant: (p) => `第 ${p.decision} 条决策指向未参与评估的申请人 ${p.applicant}`,
  scoreUnknownId: (p, f) => `第 ${p.score} 个评分指向的 ID ${f.quote(p.id)} 不在评估分区中`,
  idScoredTwice: (p, f) => `ID ${f.quote(p.id)} 被评分了两次`,
  scoresCoverage: (p, f) => `评分只覆盖了 ${f.count(p.rows)} 条评估记录中的 ${f.count(p.scored)} 条`,
  needBothClasses: (p, f) => `评估分区有 ${f.count(p.defaults)} 个违约和 ${f.count(p.nonDefaults)} 个未违约样本；两类都必须有`,
  fewerThanTwoGroups: () => '有决策的组少于两个，无从比较',
  noCategoricalAttribute: (p) => `申请人数据缺少分类属性 ${p.attribute}`,
  noParticipantsTable: () => '结算数据缺少参与者表，期初余额未知',
  noOutOfTimePartition: (p) => `${p.kind} 没有跨时间分区`,
  noExchangeForKind: (p) => `${p.kind} 未声明在匹配记录之间交换 ${p.attribute} 的方法`,
  noExchangeInRun: (p) => `本次运行的数据集均未声明交换 ${p.attribute} 的方法`,

  seriesUnknown: (p, f) => `序列 ${f.quote(p.series)} 在第 ${p.day} 天既不是当天和前一天都有价格的工具，也不是已声明的投资组合`,
  portfolioNoReturn: (p, f) => `投资组合 ${f.quote(p.portfolio)} 持有 ${f.quote(p.holding)}，而它在第 ${p.day} 天没有收益率`,
  noForecasts: () => '输出中没有任何预测',
  forecastsNotBacktestable: (p, f) => `这些预测无法按所述方式回测：${f.text(p.faults)}（见 market-risk/forecasts）`,
  marketFaults: (p, f) =>
    [
      p.duplicateRows > 0 ? `${f.count(p.duplicateRows)} 行重复的（序列，日期）` : '',
      p.invalidVar > 0 ? `${f.count(p.invalidVar)} 个 VaR 不是有限的非负数` : '',
      p.invalidEs > 0 ? `${f.count(p.invalidEs)} 个 ES 不是有限值或小于 VaR` : '',
      p.misstatedPnl > 0 ? `${f.count(p.misstatedPnl)} 个申报损益与实际收益不符` : '',
      p.missingDays > 0 ? `${f.count(p.missingDays)} 个评估日没有预测` : '',
      p.badPortfolios > 0 ? `${f.count(p.badPortfolios)} 个投资组合的敞口为空、为零、非有限或指向未知工具（${p.portfolioNames.map((n) => f.quote(n)).join('、')}）` : '',
    ]
      .filter(Boolean)
      .join('；') || '无',

  fourFifthsPass: (p, f) => `各 ${p.attribute} 组的批准率之比为 ${f.fixed(p.ratio, 3)}（≥ ${f.value(p.threshold)}）`,
  fourFifthsFail: (p, f) =>
    `${p.attribute} 组 ${p.lowGroup} 的批准率之比为 ${f.fixed(p.ratio, 3)} < ${f.value(p.threshold)}（批准率 ${f.pct(p.lowRate)}，而 ${p.highGroup} 为 ${f.pct(p.highRate)}）`,
  noApprovals: () => '所有组都没有申请人获批，比值无定义',
  parityDifference: (p, f) =>
    `各 ${p.attribute} 组的批准率相差 ${f.fixed(p.difference, 3)}（${p.highGroup} ${f.pct(p.highRate)}，${p.lowGroup} ${f.pct(p.lowRate)}；${le(p.difference <= p.threshold)} ${f.value(p.threshold)}）`,
  equalOpportunity: (p, f) =>
    `各 ${p.attribute} 组的真阳性率相差 ${f.fixed(p.difference, 3)}（按时还款的申请人中获批比例：${p.highGroup} ${f.pct(p.highRate)}，${p.lowGroup} ${f.pct(p.lowRate)}；${le(p.difference <= p.threshold)} ${f.value(p.threshold)}）`,
  adverseReasonsPass: (p, f) => `全部 ${f.count(p.declines)} 个拒绝决定都给出了 ${f.value(p.min)} 至 ${f.value(p.max)} 个理由`,
  adverseReasonsFail: (p, f) => `${f.count(p.declines)} 个拒绝决定中有 ${f.count(p.bad)} 个缺少有效的不利决定理由（${f.text(p.problem)}）`,
  reasonRepeated: () => '有理由重复',
  reasonGap: () => '理由必须从第一个位置起连续填写，中间不能留空',
  reasonsTooFew: (p, f) => `理由少于 ${f.value(p.min)} 个`,
  ageNotRecorded: (p) => `${p.kind} 不记录申请人年龄，因此不会有人因年龄被压低评分`,
  ageNoElderly: (p) => `没有 ${p.age} 岁及以上的受评申请人，因此无人因年龄被压低评分`,
  ageAllElderly: (p) => `所有受评申请人都在 ${p.age} 岁及以上，因此无人因年龄被压低评分`,
  ageNoYoungerApproved: () => '较年轻的申请人无人获批，因此无人因年龄被压低评分',
  ageRatio: (p, f) =>
    `${p.age} 岁及以上申请人的批准率为 ${f.pct(p.elderlyRate)}，较年轻者为 ${f.pct(p.youngerRate)}：比值 ${f.fixed(p.ratio, 3)}（${ge(p.ratio >= p.threshold)} ${f.value(p.threshold)}；z = ${f.fixed(p.z, 2)}${p.ratio >= p.threshold ? '' : p.passed ? '，在抽样误差范围内' : '，差异显著'}）`,
  aprCapPass: (p, f) => `没有获批贷款的年化利率超过 ${f.pct(p.cap, 2)}（${f.value(p.multiple)} 倍 LPR ${f.pct(p.lpr, 2)}）；最高为 ${f.pct(p.highest, 2)}`,
  aprCapFail: (p, f) => `${f.count(p.approvals)} 笔获批贷款中有 ${f.count(p.over)} 笔年化利率高于 ${f.pct(p.cap, 2)}，另有 ${f.count(p.missing)} 笔未给出有效的年化利率`,
  coveragePass: (p, f) => `全部 ${f.count(p.applicants)} 名申请人都恰好得到一个决策`,
  coverageFail: (p, f) => `${f.count(p.applicants)} 名申请人中有 ${f.count(p.missing)} 名没有得到决策，${f.count(p.duplicates)} 名得到了不止一个`,
  probeNotRun: (p) => `交换 ${p.attribute} 后的重跑未执行`,
  probeFailed: (p) => `交换 ${p.attribute} 后的重跑失败：${p.code}：${p.error}`,
  probeNoPairs: (p, f) => `${f.count(p.rows)} 名申请人中找不到任何两人可以匹配来交换 ${p.attribute}：无从探测`,
  probeNoDecision: (p) => `交换了 ${p.attribute} 的申请人都没有决策`,
  probeChanged: (p, f) =>
    `在 ${f.count(p.pairs)} 对匹配的申请人之间交换 ${p.attribute} 后，${f.count(p.exchanged)} 个决策中有 ${f.count(p.changed)} 个（${f.pct(p.share)}）发生变化（${le(p.share <= p.threshold)} ${f.pct(p.threshold)}）`,
  probeNoScore: (p) => `交换了 ${p.attribute} 的申请人都没有评分`,
  probeScoresChanged: (p, f) =>
    `在 ${f.count(p.pairs)} 对匹配的申请人之间交换 ${p.attribute} 后，${f.count(p.exchanged)} 个风险评分中有 ${f.count(p.changed)} 个（${f.pct(p.share)}）变化超过 ${f.value(p.tolerance)}（${le(p.share <= p.threshold)} ${f.pct(p.threshold)}）`,
  protectedReadsNone: () => '场景没有读取任何受保护属性或已声明的代理变量',
  protectedReadsFound: (p, f) =>
    `场景读取了 ${f.list(p.reads.map((r) => (r.reveals.length === 0 ? r.column : `${r.column}（可推断 ${f.list(r.reveals)}）`)))}：请删除${p.reads.length === 1 ? '这一读取' : '这些读取'}（对其的每次 column()、row() 调用或遍历），包括训练和报告中的`,

  auc: (p, f) => `AUC ${f.fixed(p.auc, 3)}（Gini ${f.fixed(p.gini, 3)}），基于 ${f.count(p.rows)} 条留出记录；${ge(p.auc >= p.threshold)} ${f.value(p.threshold)}`,
  ks: (p, f) => `KS 值 ${f.fixed(p.ks, 3)}，出现在评分 ${f.fixed(p.at, 4)} 处；${ge(p.ks >= p.threshold)} ${f.value(p.threshold)}`,
  brier: (p, f) => `Brier 分数 ${f.fixed(p.brier, 4)}（恒为 ${f.fixed(p.baseRate, 3)} 的预测得分 ${f.fixed(p.reference, 4)}）；${le(p.brier <= p.threshold)} ${f.value(p.threshold)}`,
  brierSkill: (p, f) =>
    `Brier 技能分数 ${f.fixed(p.skill, 4)}：Brier 分数 ${f.fixed(p.brier, 4)}，恒为 ${f.fixed(p.baseRate, 3)} 的预测为 ${f.fixed(p.reference, 4)}（${ge(p.skill >= p.threshold)} ${f.value(p.threshold)}）`,
  singleClass: () => '评估分区只有一个类别，基准率预测本身就是完美的',
  calibrationEce: (p, f) => `${f.count(p.bins)} 个分箱上的期望校准误差为 ${f.fixed(p.ece, 4)}；${le(p.ece <= p.threshold)} ${f.value(p.threshold)}`,
  psi: (p, f) =>
    `同一批申请人在相隔 ${f.value(p.years)} 年的两个评估期（主运行见其一，跨时间重跑见另一）的评分之间的 PSI 为 ${f.fixed(p.psi, 4)}：${p.psi < 0.1 ? '稳定' : p.psi <= 0.25 ? '中等偏移' : '显著偏移'}；${le(p.psi <= p.threshold)} ${f.value(p.threshold)}`,
  outOfTimeNotRun: () => '跨时间分区上的重跑未执行',
  outOfTimeFailed: (p) => `跨时间分区上的重跑失败：${p.code}：${p.error}`,
  alertPlausibilityNone: () => '评估分区中没有不可追踪的洗钱交易：无需设定上限',
  alertPlausibilityPass: (p, f) =>
    `${f.count(p.legs)} 笔不可追踪的洗钱交易中有 ${f.count(p.caught)} 笔被预警（${f.pct(p.figure)}），与普通交易 ${f.pct(p.ordinaryRate)} 的预警率下随机所能达到的相符（上限 ${f.pct(p.ceiling)}）`,
  alertPlausibilityFail: (p, f) =>
    `不合理：疑似泄露——在可见信息上与普通交易无从区分的 ${f.count(p.legs)} 笔洗钱交易中有 ${f.count(p.caught)} 笔被预警（${f.pct(p.figure)}），而普通交易的预警率为 ${f.pct(p.ordinaryRate)}：超过上限 ${f.pct(p.ceiling)}（Fisher 精确检验 p = ${p.pValue.toExponential(2)}）`,
  plausibilityPass: (p, f) =>
    `${metric(p.metric)} ${f.fixed(p.figure, 4)} 在数据允许的范围内（${p.metric === 'brier' ? '下限' : '上限'} ${f.fixed(p.bound, 4)}；真实违约概率在这些记录上得分 ${f.fixed(p.oracle, 4)}）`,
  plausibilityFail: (p, f) =>
    `不可信：疑似数据泄漏——${metric(p.metric)} ${f.fixed(p.figure, 4)} ${p.metric === 'brier' ? '低于下限' : '高于上限'} ${f.fixed(p.bound, 4)}：真实违约概率本身在这些记录上也只得 ${f.fixed(p.oracle, 4)}`,
  noTrueProbabilities: (p) => `${p.kind} 生成器没有为这些记录提供真实概率`,
  modelCardPass: (p, f) => `「${p.name}」的模型卡列出了 ${f.count(p.features)} 个特征、预期用途和局限性`,
  modelCardFail: (p, f) => `模型卡：${p.problems.map((t) => f.text(t)).join('；')}`,
  modelCardMissing: () => '没有模型卡',
  modelCardNoFeatures: () => '未列出任何特征',
  modelCardNoIntendedUse: (p, f) => `预期用途缺失或少于 ${f.value(p.min)} 个字符`,
  modelCardNoLimitations: (p, f) => `局限性缺失或少于 ${f.value(p.min)} 个字符`,
  modelCardProtectedFeatures: (p, f) => `把受保护属性列为特征：${f.list(p.features)}`,
  meanScoreDifference: (p, f) =>
    `各 ${p.attribute} 组的平均评分相差 ${f.fixed(p.difference, 3)}（${p.highGroup} ${f.fixed(p.high, 3)}，${p.lowGroup} ${f.fixed(p.low, 3)}；${le(p.difference <= p.threshold)} ${f.value(p.threshold)}）`,
  repaidBelowCutoff: (p, f) =>
    `按时还款的申请人中评分低于 ${f.value(p.cutoff)} 的比例（按 ${p.attribute}）：${p.highGroup} ${f.pct(p.high)}，${p.lowGroup} ${f.pct(p.low)}，相差 ${f.fixed(p.difference, 3)}（${le(p.difference <= p.threshold)} ${f.value(p.threshold)}）`,
  calibrationGap: (p, f) =>
    `${p.attribute} 组 ${p.group} 的平均评分为 ${f.fixed(p.meanScore, 3)}，而实际违约率为 ${f.fixed(p.defaultRate, 3)}：差距 ${f.fixed(p.gap, 3)}（${le(p.gap <= p.threshold)} ${f.value(p.threshold)}）`,
  scoredNoAttribute: (p) => `被评分的记录缺少分类属性 ${p.attribute}`,
  fewerThanTwoScoredGroups: (p) => `被评分的 ${p.attribute} 组少于两个`,

  outputValid: (p) => `输出是有效的 ${p.kind} 结果`,
  outputInvalid: (p) => `输出不是有效的 ${p.kind} 结果：${p.issues}`,
  determinismSame: (p) => `第二次运行得到相同的输出（sha256 ${p.hash}…）`,
  determinismDiffers: (p) => `第二次运行得到不同的输出：先是 sha256 ${p.first}…，后是 ${p.second}…`,
  repeatNotRun: () => '重复运行未执行',
  repeatFailed: (p) => `重复运行失败：${p.code}：${p.error}`,
  resourceBudget: (p, f) =>
    `${p.resource} 用量 ${f.fixed(p.used, 0)}，预算 ${f.fixed(p.budget, 0)}（本次运行上限 ${f.value(p.limit)} 的 ${f.pct(p.share, 0)}）：占 ${f.pct(p.usedShare, 0)}${p.usedShare <= 1 ? '' : '，超出预算'}`,
  noResourceUse: () => '本次运行没有报告资源用量',
  noResolvedLimits: () => '本次运行没有可供比较的资源上限',
  aggregateWithoutRows: (p) => `汇总 ${p.aggregate} 没有指明其单元格统计的行（over 与 rows），其计数只是场景自己的说法`,
  aggregateUnknownDataset: (p) => `汇总 ${p.aggregate} 统计的是 ${p.dataset} 的行，而它不是本次运行的数据集`,
  aggregateRowsOutOfRange: (p, f) => `汇总 ${p.aggregate} 指明的行直到 ${f.count(p.end)}，超出其分区的 ${f.count(p.rows)} 行`,
  cellCountsMisstated: (p, f) => `有 ${f.count(p.misstated)} 个公布的单元格所报计数与其指明的行数不符，例如 ${p.aggregate} [${p.group.join(', ')}] 报 ${f.count(p.stated)}，实际指明 ${f.count(p.counted)} 行`,
  noAggregateCells: () => '输出没有发布任何汇总单元格',
  cellRowsNotGroup: (p, f) => `有 ${f.count(p.cells)} 个公布的单元格指明了不属于其分组的行，例如 ${p.aggregate} [${p.group.join(', ')}] 指明第 ${f.count(p.row)} 行，其 ${p.column} 为 ${p.value}`,
  cellsDifferencing: (p, f) => `有 ${f.count(p.pairs)} 对公布的单元格相互重叠且相差少于 ${f.value(p.k)} 行，相减即公布一个 ${f.count(p.difference)} 行的单元格，例如 ${p.first} 与 ${p.second}`,
  cellRowsTooMany: (p, f) => `公布的单元格需核对其分组的行值超过 ${f.count(p.limit)} 个，无法核对`,
  cellsOverlapTooMany: (p, f) => `公布的单元格重叠超过 ${f.count(p.limit)} 次，无法检查差分泄露`,
  cellCountsPass: (p, f) => `全部 ${f.count(p.cells)} 个已发布单元格都至少包含 ${f.value(p.k)} 条记录（最小 ${f.count(p.smallest)}）`,
  cellCountsFail: (p, f) =>
    `${f.count(p.cells)} 个已发布单元格中有 ${f.count(p.small)} 个少于 ${f.value(p.k)} 条记录，例如 ${p.aggregate} [${p.group.join(', ')}] = ${f.count(p.count)}`,
  noDominanceValues: () => '输出没有发布由数据列计算的单元格数值',
  cellDominancePass: (p, f) => `由数据计算的 ${f.count(p.tested)} 个单元格数值中，没有一个能让人把单条记录估计到 ${f.value(p.p)}% 以内（p% 规则）`,
  cellValuesDominated: (p, f) =>
    `由数据计算的 ${f.count(p.tested)} 个单元格数值中有 ${f.count(p.sensitive)} 个能让人把单条记录估计到 ${f.value(p.p)}% 以内（p% 规则），例如 ${f.quote(p.aggregate)} [${p.group.map((g) => f.quote(g)).join(', ')}] 的 ${f.quote(p.value)}（${f.count(p.rows)} 行）：一两行几乎构成了全部数值`,
  noCellValues: (p, f) => `输出没有发布任何汇总单元格数值${p.reported > 0 ? `；另有 ${f.count(p.reported)} 个数值由场景自行报告，未经重新计算` : ''}`,
  cellValuesPass: (p, f) =>
    `全部 ${f.count(p.values)} 个公布的单元格数值（共 ${f.count(p.cells)} 个单元格）都是其单元格各行的统计量，已由主机重新计算${p.reported > 0 ? `；另有 ${f.count(p.reported)} 个数值由场景自行报告，未经重新计算` : ''}`,
  cellValuesMisstated: (p, f) =>
    `有 ${f.count(p.misstated)} 个公布的单元格数值不是其单元格所指明各行的统计量，例如 ${f.quote(p.aggregate)} [${p.group.map((g) => f.quote(g)).join(', ')}] 的 ${f.quote(p.value)} 报 ${f.value(p.stated)}，重新计算为 ${p.recomputed === null ? '无（该单元格没有指明任何行）' : f.value(p.recomputed)}`,
  cellValuesUndeclared: (p, f) => `有 ${f.count(p.undeclared)} 个公布的单元格数值没有声明计算方法（measures），只是场景自己的说法，例如 ${f.quote(p.aggregate)} [${p.group.map((g) => f.quote(g)).join(', ')}] 的 ${f.quote(p.value)}`,
  measureUnknownColumn: (p, f) => `汇总 ${f.quote(p.aggregate)} 中 ${f.quote(p.value)} 的计算方法读取列 ${f.quote(p.column)}，而 ${f.quote(p.dataset)} 没有该列`,
  measureHiddenColumn: (p, f) => `汇总 ${f.quote(p.aggregate)} 中 ${f.quote(p.value)} 的计算方法读取 ${f.quote(p.column)}，它是 ${f.quote(p.dataset)} 评估分区中场景看不到的标签；主机不公布关于它的任何数值`,
  measureColumnType: (p, f) => `汇总 ${f.quote(p.aggregate)} 中 ${f.quote(p.value)} 的计算方法对字典列 ${f.quote(p.column)} 求 ${p.stat}：${p.stat} 需要数值列（请改用带 equals 的 share）`,
  measureUnknownField: (p, f) =>
    `汇总 ${f.quote(p.aggregate)} 中 ${f.quote(p.value)} 的计算方法读取结果的 ${f.quote(p.field)}，而主机不会把 ${p.kind} 的该字段关联到数据行${p.fields.length === 0 ? '（该类型没有可关联的字段）' : `（可关联：${f.list(p.fields)}）`}`,
  measureFieldNotOver: (p, f) => `汇总 ${f.quote(p.aggregate)} 中 ${f.quote(p.value)} 的计算方法读取结果的 ${f.quote(p.field)}，它只关联到 ${f.quote(p.dataset)} 的评估分区，而不是该汇总统计的行`,
  measureRowWithoutField: (p, f) => `汇总 ${f.quote(p.aggregate)} 中 ${f.quote(p.value)} 的计算方法读取结果的 ${f.quote(p.field)}，而结果没有为该单元格的第 ${f.count(p.row)} 行给出唯一的值`,
  cellValueRowsTooMany: (p, f) => `重新计算公布的单元格数值需读取超过 ${f.count(p.limit)} 个行值，无法核对`,
  noPersonalData: () => '本次运行的数据集都不含个人信息，不会有金丝雀数据泄漏',
  canariesPass: (p, f) => `输出中没有出现 ${f.count(p.planted)} 个植入的个人信息金丝雀中的任何一个`,
  canariesFail: (p, f) =>
    `${f.count(p.planted)} 个植入的个人信息金丝雀中有 ${f.count(p.found)} 个出现在输出中（${Object.entries(p.byField)
      .map(([field, n]) => `${fields[field] ?? field} ${f.count(n)} 个`)
      .join('，')}）`,

  alertPrecision: (p, f) =>
    `${f.count(p.flagged)} 笔告警交易中有 ${f.count(p.truePositives)} 笔（${f.pct(p.precision)}）确为洗钱；${ge(p.precision >= p.threshold)} ${f.pct(p.threshold)}`,
  noAlerts: () => '没有任何交易被告警，精确率无定义',
  alertRecall: (p, f) =>
    `${f.count(p.laundering)} 笔洗钱交易中有 ${f.count(p.truePositives)} 笔（${f.pct(p.recall)}）被告警；${ge(p.recall >= p.threshold)} ${f.pct(p.threshold)}`,
  noLaundering: () => '数据中没有植入洗钱交易，召回率无定义',
  typologyRecall: (p, f) =>
    `${p.typologies.length === 1 ? p.typologies[0] : `${f.count(p.typologies.length)} 种类型`}中的最低召回率为 ${f.pct(p.recall)}（${p.lowest}：${f.count(p.planted)} 笔中告警 ${f.count(p.alerted)} 笔）；${ge(p.recall >= p.threshold)} ${f.pct(p.threshold)}`,
  typologiesMissing: (p, f) => `数据中没有植入 ${f.list(p.typologies)} 类型的交易`,
  noTypologies: () => '数据中没有植入任何类型',
  largeValuePass: (p, f) => `全部 ${f.count(p.required)} 笔达到第五条标准（单笔或按客户按日累计）的交易均已报告`,
  largeValueFail: (p, f) =>
    `${f.count(p.required)} 笔需要大额报告的交易（单笔或按客户按日累计）中有 ${f.count(p.missing)} 笔未按适用类别报告${p.unknown > 0 ? `，另有 ${f.count(p.unknown)} 份报告指向未知交易` : ''}${p.unrequired > 0 ? `；${f.count(p.unrequired)} 份报告所指交易按该类别无需报告` : ''}`,
  largeValueNoRate: (p) => `无法应用大额交易标准：${p.error}`,

  varBacktest: (p, f) =>
    `最差的序列 ${f.quote(p.series)}：${f.count(p.days)} 天中有 ${f.count(p.exceptions)} 次突破（${f.value(p.confidence * 100)}% 置信度下预期 ${f.fixed(p.expected, 1)} 次），Kupiec LR ${f.fixed(p.lr, 3)} ${le(p.lr <= p.critical)} ${f.value(p.critical)}（p = ${f.fixed(p.pValue, 3)}）`,
  seriesTooShort: (p, f) => `序列 ${f.quote(p.series)} 只有 ${f.count(p.days)} 天，少于 ${f.value(p.window)} 天的窗口`,
  noAnotherFuture: (p) => `${p.kind} 不是主机可以另取未来路径的时间序列`,
  anotherFutureNotRun: () => '市场数据另一未来路径上的重跑未执行',
  anotherFutureFailed: (p) => `市场数据另一未来路径上的重跑失败：${p.code}：${p.error}`,
  walkForwardPass: (p, f) => `从第 ${p.fromDay} 天起价格换成另一条路径后，截至该日的全部 ${f.count(p.compared)} 个预测不变：每个预测只用此前的数据`,
  walkForwardFail: (p, f) => `从第 ${p.fromDay} 天起价格换成另一条路径后，截至该日的 ${f.count(p.compared)} 个预测中有 ${f.count(p.changed)} 个改变（首个：序列 ${f.quote(p.series)}，第 ${p.day} 天）：预测读取了所预测当日的数据`,
  walkForwardMissing: (p, f) => `另一未来路径上的重跑缺少截至第 ${p.fromDay} 天的 ${f.count(p.missing)} 个预测`,
  quantileScore: (p, f) =>
    `最差序列 ${f.quote(p.series)}：平均分位数损失 ${f.fixed(p.loss * 1e4, 3)} 个基点，${f.value(p.window)} 天历史模拟法为 ${f.fixed(p.benchmark * 1e4, 3)} 个基点（${f.fixed(p.ratio, 2)} 倍），Diebold–Mariano 统计量 ${f.fixed(p.statistic, 2)} ${le(p.statistic <= p.critical)} ${f.value(p.critical)}`,
  quantileScoreNoHistory: (p, f) => `序列 ${f.quote(p.series)} 在首个预测之前只有 ${f.count(p.days)} 天损益，少于基准所需的 ${f.value(p.window)} 天`,
  trafficLight: (p, f) =>
    `最差的序列 ${p.series}：最近 ${f.count(p.days)} 天有 ${f.count(p.exceptions)} 次突破，处于${zones[p.zone] ?? p.zone}（绿区 ≤ ${f.count(p.greenMax)}，红区 ≥ ${f.count(p.redFrom)}）`,
  esUnbounded: (p) => `序列 ${p.series} 在 ES 为 0 的一天出现突破，其尾部损失无界`,
  esBacktest: (p, f) =>
    `最差的序列 ${p.series}：${f.count(p.days)} 天内 Z2 为 ${f.fixed(p.z2, 3)} ${ge(p.z2 >= p.critical)} ${f.value(p.critical)}（${f.count(p.exceptions)} 次突破${p.meanLoss === null ? '' : `，平均损失 ${f.pct(p.meanLoss, 2)}，对应平均 ES ${f.pct(p.meanEs ?? 0, 2)}`}）`,
  forecastsPass: (p, f) => `${f.count(p.series)} 个序列的一日 ${f.value(p.confidence * 100)}% 预测，每天一条，均可回测`,
  forecastsFail: (p, f) => p.faults.map((t) => f.text(t)).join('；'),
  forecastsWrongConfidence: (p, f) => `申报的置信度为 ${f.value(p.declared)}，而规则包按 ${f.value(p.wanted)} 回测`,
  forecastsWrongHorizon: (p, f) => `预测期为 ${f.value(p.declared)} 天，而规则包按 ${f.value(p.wanted)} 天回测`,
  forecastsShortSeries: (p, f) => `${f.count(p.count)} 个序列少于 ${f.value(p.window)} 天（${p.names.map((n) => f.quote(n)).join('、')}）`,

  conservationPass: (p, f) => `${f.count(p.entries)} 条分录的账本价值守恒，且与各余额一致`,
  conservationFail: (p, f) => `价值不守恒：${f.text(p.issue)}（另有 ${f.count(p.more)} 处）`,
  conservationUnknownParticipant: (p) => `第 ${p.entry} 条分录为未知参与者 ${p.participant} 划转资金`,
  conservationBalanceAfter: (p) => `第 ${p.entry} 条分录：${p.participant} 的 balanceAfter 为 ${p.stated}，而累计余额为 ${p.running}`,
  conservationCurrencySum: (p) => `${p.currency} 分录合计为 ${p.sum}`,
  conservationDebited: (p) => `指令 ${p.instruction}：付款方 ${p.participant} 被借记 ${p.moved}，应为 ${p.amount}`,
  conservationCredited: (p) => `指令 ${p.instruction}：收款方 ${p.participant} 被贷记 ${p.moved}，应为 ${p.amount}`,
  conservationUnknownBalance: (p) => `余额表列出了未知参与者 ${p.participant}`,
  conservationOpening: (p) => `${p.participant}：申报的期初余额 ${p.stated}，而实际为 ${p.host}`,
  conservationClosing: (p) => `${p.participant}：申报的期末余额 ${p.stated}，而账本为 ${p.ledger}`,
  conservationNoClosing: (p) => `未申报 ${p.participant} 的期末余额`,
  hashChainPass: (p, f) => `全部 ${f.count(p.blocks)} 个区块都能重新算出：Merkle 根、哈希和链接`,
  hashChainFail: (p, f) =>
    `${f.count(p.blocks)} 个区块中有 ${f.count(p.failed)} 个无法重新算出${p.stray > 0 ? `，另有 ${f.count(p.stray)} 个结果或分录不属于任何区块` : ''}${p.first ? `（区块 ${p.first.height}：${p.first.problems.map((t) => f.text(t)).join('；')}）` : ''}`,
  blockHeight: (p) => `位置 ${p.index} 上的高度为 ${p.height}`,
  blockPrevHash: () => 'prevHash 未链接到前一个区块',
  blockSize: (p) => `大小为 ${p.size}，但有 ${p.outcomes} 个结果`,
  blockMerkleRoot: (p) => `Merkle 根 ${p.stated}… 重新计算为 ${p.recomputed}…`,
  blockHash: (p) => `哈希 ${p.stated}… 重新计算为 ${p.recomputed}…`,
  blockFinality: () => '最终性指向一个不存在的区块',
  negativeBalancePass: (p, f) => `${f.count(p.entries)} 条分录中没有余额变为负数（最低 ${f.fixed(p.lowest, 2)}）`,
  negativeBalanceFail: (p, f) => `${f.count(p.negatives)} 条分录使余额变为负数；最低为 ${f.fixed(p.lowest, 2)}，属于 ${p.participant}，在第 ${p.entry} 条分录`,
  noReversalPass: (p, f) => `每条已结算指令都有其借记和贷记，且没有被冲回（${f.count(p.entries)} 条分录）`,
  noReversalFail: (p, f) => `${f.count(p.offending)} 条分录冲回、重复或虚构了已结算的资金划转（${f.text(p.problem)}）`,
  entryUnknownInstruction: () => '指向未知指令',
  entryNotSettled: () => '为未结算的指令划转资金',
  entryReversal: () => '已结算的借记和贷记之后又有分录（冲回）',
  entryWrongMovement: (p) => `应为${p.debit ? '付款方的借记' : '收款方的贷记'} ${p.expected}，实际为 ${p.participant} 的 ${p.amount}`,
  outcomesPass: (p, f) => `全部 ${f.count(p.instructions)} 条指令都恰好一次被结算或附理由拒绝`,
  outcomesFail: (p, f) =>
    `${f.count(p.instructions)} 条指令中有 ${f.count(p.bad)} 条没有恰好一个有效结果（${p.problems.map((x) => `${f.text(x.problem)} ${f.count(x.count)} 次`).join('；')}）`,
  outcomeNeverSubmitted: () => '结果对应的指令从未提交',
  outcomeEndToEndId: () => 'EndToEndId 与指令不符',
  outcomeSettledWithReason: () => '已结算却带有拒绝理由',
  outcomeNotFinal: () => '已结算但不在最终区块中',
  outcomeNoReasonCode: () => '被拒绝但没有有效的理由代码',
  outcomePlantedSettled: (p) => `被植入了失败原因（${p.planted}）却已结算`,
  outcomeMissing: () => '没有结果',
  outcomeDuplicate: () => '不止一个结果',
  replayPass: (p, f) => `重放与全部 ${f.count(p.instructions)} 个结果一致：每条无误的指令都已结算，每次拒绝都带有其错误对应的代码`,
  replayFail: (p, f) =>
    `${f.count(p.instructions)} 个结果中有 ${f.count(p.disagree)} 个与重放不一致（${p.problems.map((x) => `${f.text(x.problem)} ${f.count(x.count)} 次`).join('；')}）`,
  replayRejectedFaultless: () => '一条无误且流动性充足的指令被拒绝',
  replaySettledFault: (p) => `尽管有错误（${p.fault}）仍被结算`,
  replayWrongCode: () => '拒绝时使用了错误的理由代码',
  uniqueEndToEndPass: (p, f) => `${f.count(p.settled)} 个已结算的 EndToEndId 各只结算一次`,
  uniqueEndToEndFail: (p, f) => `${f.count(p.duplicates)} 个 EndToEndId 被结算了不止一次，例如 ${p.example}（指令 ${p.instructions.join('、')}）`,
}

