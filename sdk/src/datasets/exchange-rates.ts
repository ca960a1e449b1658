/**
 * The fixed synthetic exchange rates of the payment datasets' currencies (transactions,
 * settlement-instructions), in CNY per unit. The generators convert at these rates, and so do the
 * large-value reporting thresholds; a scenario that files reports needs the same ones.
 */

/** The currencies of the synthetic payment data. */
export const CURRENCIES = ['CNY', 'HKD', 'SGD', 'USD', 'GBP'] as const
export type Currency = (typeof CURRENCIES)[number]

const RATES = { CNY: 1, HKD: 0.91, SGD: 5.3, USD: 7.1, GBP: 9.0 } as const satisfies Record<Currency, number>

/**
 * CNY per unit of each currency. A known key has its literal type (`CNY_PER_UNIT.USD` is `7.1`);
 * a column value (any string) can be looked up too, and with `noUncheckedIndexedAccess` (the
 * templates' setting) `CNY_PER_UNIT[currency.get(i)]` is `number | undefined`.
 */
export const CNY_PER_UNIT: typeof RATES & Readonly<Record<string, number>> = RATES
