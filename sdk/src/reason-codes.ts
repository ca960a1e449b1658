/**
 * The adverse-action reasons a credit decline may cite (in the manner of the ECOA / Regulation B
 * sample notice reasons). Codes are stable: they are stored in outputs by their 1-based position.
 */
export const REASON_CODES = [
  { code: 'INCOME_INSUFFICIENT', text: 'Income insufficient for amount of credit requested' },
  { code: 'DEBT_TO_INCOME_HIGH', text: 'Excessive obligations in relation to income' },
  { code: 'CREDIT_HISTORY_SHORT', text: 'Length of credit history insufficient' },
  { code: 'DELINQUENCY', text: 'Delinquent past or present credit obligations' },
  { code: 'EMPLOYMENT_SHORT', text: 'Length of employment insufficient' },
  { code: 'TOO_MANY_OBLIGATIONS', text: 'Number of existing credit obligations too high' },
  { code: 'AMOUNT_TOO_HIGH', text: 'Amount requested too high for the credit profile' },
  { code: 'COLLATERAL_INSUFFICIENT', text: 'Value or type of collateral not sufficient' },
  { code: 'TRADING_HISTORY_SHORT', text: 'Length of time in business insufficient' },
  { code: 'CASH_FLOW_WEAK', text: 'Business cash flow insufficient' },
] as const

/** One adverse-action reason code. */
export type ReasonCode = (typeof REASON_CODES)[number]['code']

/** The most reasons one decline may carry. */
export const MAX_REASONS = 4

/** The 1-based number stored for a reason code in an output column (0 means "no reason"). */
export function reasonNumber(code: ReasonCode): number {
  const i = REASON_CODES.findIndex((r) => r.code === code)
  if (i < 0) throw new RangeError(`unknown reason code ${code}`)
  return i + 1
}

/** The reason code stored as number `n`, or undefined for 0 or an unknown number. */
export function reasonCode(n: number): ReasonCode | undefined {
  return REASON_CODES[n - 1]?.code
}
