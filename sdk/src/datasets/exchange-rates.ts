/**
 * The fixed synthetic exchange rates of the payment datasets' currencies (transactions,
 * settlement-instructions), in CNY per unit. The generators convert at these rates, and so do the
 * large-value reporting thresholds; a scenario that files reports needs the same ones.
 */
export const CNY_PER_UNIT: Readonly<Record<string, number>> = { CNY: 1, HKD: 0.91, SGD: 5.3, USD: 7.1, GBP: 9.0 }
