/**
 * Every verdict a real run gives — the six built-in scenarios (mostly passing) and the non-compliant
 * fixtures (failing, not evaluable, disabled) — reads in Chinese on the publication page: its
 * sentence comes from the catalogue, with no English sentence left and no "English original"
 * fallback shown. A rule a future pack adds is walked the same way, as soon as a run meets it.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { VerdictTable } from '../../core/dist/http/dashboard/components.js'
import { translator } from '../../core/dist/http/dashboard/index.js'
import { ROOT, fixture } from '../helpers/cli.js'
import { runReport } from '../helpers/run-report.js'

const ENGLISH_RUN = /[A-Za-z]{2,}[ ,;:()-]+[A-Za-z]{2,}[ ,;:()-]+[A-Za-z]{2,}/
const BUILTINS = ['credit-scoring', 'inclusive-sme-lending', 'ai-risk-model', 'aml-monitoring', 'blockchain-settlement', 'market-risk']
const FIXTURES = ['gender-credit', 'unfair-credit', 'leaky-risk-model', 'aml-misses-structuring', 'overdraft-settlement']

describe('verdicts in Chinese', () => {
  it('every verdict of the built-ins and the failing fixtures has a Chinese sentence and no English one', { timeout: 300_000 }, async () => {
    const t = translator('zh-CN')
    const seen = new Map<string, string>()
    const problems: string[] = []
    const targets = [...BUILTINS.map((n) => join(ROOT, 'scenarios', n)), ...FIXTURES.map(fixture)]
    for (const target of targets) {
      // One rule disabled, so the operator's sentence is walked too.
      const { report } = await runReport(target, ['--seed', '7', '--rows', '2000', '--disable', 'operational/resource-budget=walked by the language test'])
      expect(report.verdicts.length, target).toBeGreaterThan(0)
      for (const v of report.verdicts) {
        const sentence = t.verdictSentence(v as Parameters<typeof t.verdictSentence>[0])
        if (sentence === undefined) problems.push(`${v.rule}: no catalogue text (${v.message})`)
        // Names from the data (groups, codes, kinds) may be Latin, and quoted author or operator text
        // is theirs ("…", 「…」); a phrase of three English words besides is not.
        else if (!/[\u4e00-\u9fff]/.test(sentence) || ENGLISH_RUN.test(sentence.replace(/"[^"]*"|「[^」]*」/g, ''))) problems.push(`${v.rule}: ${sentence}`)
        else seen.set(`${v.rule} ${v.status}`, sentence)
      }
      const html = String(VerdictTable({ verdicts: report.verdicts as never, caption: 'x', t }))
      expect(html, target).not.toContain('class="original"')
    }
    expect(problems).toEqual([])
    // The walk met passing, failing and operator-disabled verdicts.
    const statuses = new Set([...seen.keys()].map((k) => k.split(' ')[1]))
    expect([...statuses].sort()).toEqual(['fail', 'pass', 'warn'])
  })
})
