/**
 * The synthetic banks the payment datasets share. Codes are BIC-shaped (bank code `SYN?`, then
 * country and location), so they cannot be mistaken for real institutions' BICs.
 */
export interface Bank {
  bic: string
  name: string
  country: string
  currency: string
  /** Share of domestic accounts (0 for foreign correspondents). */
  share: number
}

export const DOMESTIC_BANKS: readonly Bank[] = [
  { bic: 'SYNACNBJ', name: 'Synthetic Agricultural Bank', country: 'CN', currency: 'CNY', share: 0.26 },
  { bic: 'SYNBCNSH', name: 'Synthetic Commerce Bank', country: 'CN', currency: 'CNY', share: 0.22 },
  { bic: 'SYNCCNGZ', name: 'Synthetic Construction Bank', country: 'CN', currency: 'CNY', share: 0.17 },
  { bic: 'SYNDCNSZ', name: 'Synthetic Merchants Bank', country: 'CN', currency: 'CNY', share: 0.14 },
  { bic: 'SYNECNHZ', name: 'Synthetic City Bank of Hangzhou', country: 'CN', currency: 'CNY', share: 0.12 },
  { bic: 'SYNFCNCD', name: 'Synthetic Rural Credit Cooperative', country: 'CN', currency: 'CNY', share: 0.09 },
]

export const FOREIGN_BANKS: readonly Bank[] = [
  { bic: 'SYNGHKHH', name: 'Synthetic Harbour Bank', country: 'HK', currency: 'HKD', share: 0 },
  { bic: 'SYNHSGSG', name: 'Synthetic Straits Bank', country: 'SG', currency: 'SGD', share: 0 },
  { bic: 'SYNIUS33', name: 'Synthetic Liberty Bank', country: 'US', currency: 'USD', share: 0 },
  { bic: 'SYNJGB2L', name: 'Synthetic Thames Bank', country: 'GB', currency: 'GBP', share: 0 },
]

/** Fixed synthetic exchange rates: CNY per unit of each currency (part of the SDK's dataset contract). */
export { CNY_PER_UNIT } from '@bund/sdk'
