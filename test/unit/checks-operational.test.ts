import {
  type GeneratedDataset,
  type RulePack,
  BUILTIN_RULES_DIR,
  DEFAULT_LIMITS,
  CHECKS,
  determinism,
  evaluateRules,
  gate,
  loadRulePack,
  loadRulePacks,
  parseDisabledRules,
  exchangePairs,
  rerunDatasets,
  rerunsNeeded,
  resourceBudget,
} from '@bund/core'
import { tableBuilder } from '@bund/sdk'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkInput, dataset } from './checks-fixtures.js'

describe('operational checks', () => {
  const output = { kind: 'market-risk', confidence: 0.99 }

  it('determinism compares the output hash with the repeat run', () => {
    const same = checkInput('market-risk', output, {}, { outputHash: 'ab'.repeat(32), reruns: { repeat: { ok: true, output, outputHash: 'ab'.repeat(32) } } })
    expect(determinism.evaluate(same, {})).toMatchObject({ passed: true, figure: 1 })
    const differs = checkInput('market-risk', output, {}, { outputHash: 'ab'.repeat(32), reruns: { repeat: { ok: true, output, outputHash: 'cd'.repeat(32) } } })
    expect(determinism.evaluate(differs, {})).toMatchObject({ passed: false, figure: 0 })
    expect(() => determinism.evaluate(checkInput('market-risk', output, {}), {})).toThrow(/not performed/)
  })

  it("resource budget: the highest share of the run's own limits — 1,500 ms CPU of 0.8 × 1,250 ms is 1.5", () => {
    const limits = { ...DEFAULT_LIMITS, wallMs: 12_500, cpuMs: 1250, heapMb: 320 }
    const input = checkInput('market-risk', output, {}, { resources: { wallMs: 2000, cpuMs: 1500, heapPeakBytes: 64 * 1024 * 1024 }, limits })
    const r = resourceBudget.evaluate(input, { share: 0.8 })
    expect(r).toMatchObject({ passed: false, figure: 1.5, evidence: { usage: [{ resource: 'wallMs', budget: 10_000, share: 0.2 }, { resource: 'cpuMs', budget: 1000, share: 1.5 }, { resource: 'heapMb', budget: 256, share: 0.25 }] } })
    // The same use under the default limits (10 s CPU, 128 MB heap) is within budget: the limits, not a fixed figure, decide.
    expect(resourceBudget.evaluate({ ...input, limits: DEFAULT_LIMITS }, { share: 0.8 })).toMatchObject({ passed: true, figure: 64 / (0.8 * 128) })
    expect(() => resourceBudget.evaluate({ ...input, limits: undefined }, { share: 0.8 })).toThrow(/no resolved limits/)
  })
})

describe('built-in rule packs', () => {
  const packs = loadRulePacks()

  it('all seven load, with unique rule ids, known checks and a citation each', () => {
    expect(packs.map((p) => p.id).sort()).toEqual(['aml-reporting', 'fair-lending', 'market-risk', 'model-validation', 'operational', 'privacy', 'settlement-integrity'])
    const rules = packs.flatMap((p) => p.rules)
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length)
    for (const r of rules) expect(CHECKS[r.check], r.id).toBeDefined()
  })

  it('every check is used by some built-in rule', () => {
    const used = new Set(packs.flatMap((p) => p.rules.map((r) => r.check)))
    expect(Object.keys(CHECKS).filter((c) => !used.has(c))).toEqual([])
  })

  it('a credit run needs the repeat and one exchange probe per attribute its data kind declares protected', () => {
    const attributes = ['gender', 'region', 'ageBand']
    expect(rerunsNeeded(packs, 'credit-decisions', 'credit', {}, attributes)).toEqual([
      { kind: 'exchange-attribute', attribute: 'gender' },
      { kind: 'exchange-attribute', attribute: 'region' },
      { kind: 'exchange-attribute', attribute: 'ageBand' },
      { kind: 'repeat' },
    ])
    expect(rerunsNeeded(packs, 'credit-decisions', 'credit', { 'fair-lending/counterfactual': 'probe too slow', 'operational/determinism': 'x' }, attributes)).toEqual([])
  })

  it('refuses a malformed pack file naming the file, the rule id and the zod path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bund-rules-'))
    const file = join(dir, 'mine.json')
    writeFileSync(file, JSON.stringify({ id: 'mine', version: '1.0.0', title: 't', rules: [{ id: 'mine/apr', title: 't', citation: 'c', remedy: 'r', appliesTo: { kind: 'credit-decisions' }, check: 'apr-cap', params: { lpr1y: 'three' }, severity: 'block' }] }))
    expect(() => loadRulePack(file)).toThrow(/mine\.json rule mine\/apr: params: lpr1y/)
    writeFileSync(file, JSON.stringify({ id: 'mine', version: '1.0.0', title: 't', rules: [{ id: 'mine/x', title: 't', citation: 'c', remedy: 'r', appliesTo: { kind: 'no-such-kind' }, check: 'auc', params: {}, severity: 'block' }] }))
    expect(() => loadRulePack(file)).toThrow(/mine\.json rule mine\/x: rules\.0\.appliesTo\.kind/)
    expect(BUILTIN_RULES_DIR).toMatch(/rules/)
  })
})

describe('disabling a rule', () => {
  const packs = loadRulePacks()

  it('needs an existing rule id and a reason', () => {
    expect(parseDisabledRules(['fair-lending/apr-cap=LPR fixed by contract for this pilot'], packs)).toEqual({ 'fair-lending/apr-cap': 'LPR fixed by contract for this pilot' })
    expect(() => parseDisabledRules(['fair-lending/apr-cap'], packs)).toThrow(/only be disabled with a reason/)
    expect(() => parseDisabledRules(['fair-lending/apr-cap=  '], packs)).toThrow(/only be disabled with a reason/)
    expect(() => parseDisabledRules(['fair-lending/nope=x'], packs)).toThrow(/no loaded rule has that id/)
  })

  it('records the rule as a warning with the reason instead of evaluating it', () => {
    const pack: RulePack = {
      id: 'p',
      version: '1.0.0',
      title: 't',
      rules: [{ id: 'p/budget', title: 'b', citation: 'c', remedy: 'r', appliesTo: {}, check: 'resource-budget', params: { share: 0.5 }, severity: 'block' }],
    }
    const input = checkInput('market-risk', {}, {}, { resources: { wallMs: 10, cpuMs: 10, heapPeakBytes: 0 }, limits: { ...DEFAULT_LIMITS, cpuMs: 10 } })
    expect(gate(evaluateRules([pack], input))).toBe('held')
    const verdicts = evaluateRules([pack], input, { 'p/budget': 'known slow machine' })
    expect(verdicts).toEqual([expect.objectContaining({ rule: 'p/budget', remedy: 'r', status: 'warn', figure: null, disabledReason: 'known slow machine', message: 'disabled by the operator: known slow machine' })])
    expect(gate(verdicts)).toBe('published')
  })
})

describe('re-run datasets', () => {
  it('exchanges gender between pairs of rows of different gender, both directions, leaving the host copy alone', () => {
    const t = tableBuilder({ id: 'u32', gender: 'dict' }, 6)
    ;['female', 'male', 'female', 'female', 'male', 'female'].forEach((g, i) => t.columns.gender.set(i, g))
    const original = { applicants: dataset('credit-applicants', t.build()) }
    const probed = rerunDatasets(original, { kind: 'exchange-attribute', attribute: 'gender' })
    const decode = (d: Record<string, GeneratedDataset>) => Array.from(new Uint8Array(d['applicants']!.evaluation.columns['gender']!.buffer), (c) => d['applicants']!.evaluation.columns['gender']!.dictionary![c])
    const before = decode(original)
    const after = decode(probed)
    expect(before).toEqual(['female', 'male', 'female', 'female', 'male', 'female'])
    // The marginal is unchanged (an exchange permutes), and exactly the paired rows changed group.
    expect([...after].sort()).toEqual([...before].sort())
    const pairs = exchangePairs('credit-applicants', original['applicants']!.evaluation, 'gender')
    expect(pairs.length).toBe(4)
    const changed = before.map((g, i) => (g !== after[i] ? i : -1)).filter((i) => i >= 0)
    expect(changed.sort()).toEqual([...pairs].sort())
    expect(() => rerunDatasets(original, { kind: 'exchange-attribute', attribute: 'sector' })).toThrow(/no dataset of the run declares a way to exchange sector/)
  })
})
