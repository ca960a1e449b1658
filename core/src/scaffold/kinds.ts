/** The kinds of scenario `bund new` can start, each with the result kind its template returns. */
export const SCAFFOLD_KINDS = {
  credit: { result: 'credit-decisions', summary: 'approves or declines credit applicants, stating adverse-action reasons' },
  settlement: { result: 'settlement-batch', summary: 'settles a day of payment instructions between participants' },
  risk: { result: 'risk-scores', summary: 'estimates a probability of default for every applicant, with a model card' },
  aml: { result: 'aml-alerts', summary: 'monitors transactions and raises anti-money-laundering alerts' },
  market: { result: 'market-risk', summary: 'measures the market risk of a portfolio over a price history' },
} as const

export type ScaffoldKind = keyof typeof SCAFFOLD_KINDS

export const SCAFFOLD_KIND_NAMES = Object.keys(SCAFFOLD_KINDS) as ScaffoldKind[]

export function isScaffoldKind(value: string): value is ScaffoldKind {
  return Object.hasOwn(SCAFFOLD_KINDS, value)
}
