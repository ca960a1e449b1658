/** What a check returns before the rule's severity turns it into a verdict. */
export interface CheckResult {
  passed: boolean
  figure: number | null
  threshold: number | null
  message: string
  evidence?: Record<string, unknown>
}
