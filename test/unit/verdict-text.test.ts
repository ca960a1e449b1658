/**
 * Verdict sentences come from a catalogue (compliance/verdict-text.ts): the English message a check
 * stores is the English entry rendered from the same key and parameters the dashboard words again
 * in Chinese. Every key has a Chinese entry (the compiler checks the parameters), and every Chinese
 * entry, rendered in each of its branches with sample values, is Chinese: no English sentence left.
 */
import { renderText, say, type TextFormat, type VerdictText, verdictTextEn } from '@bund/core'
import { describe, expect, it } from 'vitest'
import { VERDICT_CATALOGUES, translator } from '../../core/dist/http/dashboard/index.js'

/** Three Latin words in a row: what an untranslated English phrase looks like. */
const ENGLISH_RUN = /[A-Za-z]{2,}[ ,;:()-]+[A-Za-z]{2,}[ ,;:()-]+[A-Za-z]{2,}/

/**
 * A stand-in for any parameter: a number, a string, an array of itself, an object of itself. `n`
 * is what it reads as a number (1 and 0 take both branches of `x > 0`, `x === 1`, `x <= t`).
 */
function sample(n: number, depth = 0): unknown {
  const target = Object.assign(() => 'X', { fullName: n })
  return new Proxy(target, {
    get(_, key) {
      if (key === Symbol.toPrimitive) return (hint: string) => (hint === 'number' ? n : 'X')
      if (key === 'length') return n === 0 ? 2 : 1
      if (key === 'map') return (fn: (x: unknown, i: number) => unknown) => [fn(sample(n, depth + 1), 0)]
      if (key === 'join') return () => 'X'
      if (key === 'key') return 'sample'
      if (typeof key === 'symbol') return undefined
      return depth > 4 ? 'X' : sample(n, depth + 1)
    },
    ownKeys: () => ['fullName'],
    getOwnPropertyDescriptor: () => ({ enumerable: true, configurable: true, value: n }),
  })
}

/** Formats that mark values, so the test sees only the catalogue's own words. */
const marking: TextFormat = {
  fixed: () => '9',
  count: () => '9',
  pct: () => '9%',
  value: () => '9',
  list: () => 'X',
  quote: () => '"X"',
  text: () => '〔〕',
}

describe('verdict sentences', () => {
  it('English and Chinese catalogues have the same keys', () => {
    expect(Object.keys(VERDICT_CATALOGUES['zh-CN']).sort()).toEqual(Object.keys(verdictTextEn).sort())
  })

  it('every Chinese sentence, in both branches of its conditions, is Chinese and no English phrase', () => {
    const zh = VERDICT_CATALOGUES['zh-CN'] as unknown as Record<string, (p: unknown, f: TextFormat) => string>
    const untranslated: string[] = []
    for (const [key, entry] of Object.entries(zh)) {
      for (const n of [1, 0]) {
        const text = entry(sample(n), marking)
        const en = (verdictTextEn as unknown as Record<string, (p: unknown, f: TextFormat) => string>)[key]!(sample(n), marking)
        // Nested-only sentences (a list of other sentences) have no words of their own.
        const ownWords = en.replace(/〔〕|[X9%"; :]/g, '') !== ''
        if (ownWords && (!/[\u4e00-\u9fff]/.test(text) || ENGLISH_RUN.test(text))) untranslated.push(`${key}: ${text}`)
      }
    }
    expect(untranslated).toEqual([])
  })

  it('a check’s English message is the English entry of its text; the dashboard words it in Chinese with locale numbers', () => {
    const said = say('fourFifthsFail', { attribute: 'region', ratio: 0.7421, threshold: 0.8, lowGroup: 'rural', lowRate: 0.5, highGroup: 'urban', highRate: 0.6737 })
    expect(said.message).toBe('approval-rate ratio 0.742 < 0.8 for region group rural (50.0% approved vs 67.4% for urban)')
    expect(said.text).toEqual({ key: 'fourFifthsFail', params: { attribute: 'region', ratio: 0.7421, threshold: 0.8, lowGroup: 'rural', lowRate: 0.5, highGroup: 'urban', highRate: 0.6737 } })
    const zh = translator('zh-CN').verdictSentence(said)!
    expect(zh).toBe('region 组 rural 的批准率之比为 0.742 < 0.8（批准率 50.0%，而 urban 为 67.4%）')
    expect(translator('en').verdictSentence(said)).toBe(said.message)
    // Counts get the locale's grouping; nested sentences are worded in the same language.
    const nested = say('notEvaluable', { why: say('scoresCoverage', { scored: 1200, rows: 12000 }).text })
    expect(nested.message).toBe('not evaluable: the scores cover 1200 of 12000 evaluated rows')
    expect(translator('zh-CN').verdictSentence(nested)).toBe('无法评估：评分只覆盖了 12,000 条评估记录中的 1,200 条')
  })

  it('a verdict stored before sentences had keys, or with a key this version does not know, has no Chinese sentence (the page falls back)', () => {
    const t = translator('zh-CN')
    expect(t.verdictSentence({ message: 'old English sentence' })).toBeUndefined()
    expect(t.verdictSentence({ message: 'x', text: { key: 'noSuchSentence' } })).toBeUndefined()
    expect(t.verdictSentence({ message: 'x', text: { key: 'constructor' } as VerdictText })).toBeUndefined()
    expect(() => renderText(VERDICT_CATALOGUES.en, marking, { key: 'toString' })).toThrow(RangeError)
  })
})
