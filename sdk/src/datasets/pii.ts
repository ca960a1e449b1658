/**
 * Personal-data columns a person- or owner-level dataset carries when the request asks for
 * `pii: true`: synthetic names, national-ID-shaped numbers and phone numbers. Some rows carry
 * planted canary values the privacy checks look for in published outputs.
 */
export const PII_COLUMNS = {
  fullName: 'dict',
  nationalId: 'dict',
  phone: 'dict',
} as const
