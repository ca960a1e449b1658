/**
 * The scenario id and version grammar (core/src/kernel): one grammar for manifests, HTTP params,
 * rule packs and the CLI, and one semver-correct order of versions.
 */
import semver from 'semver'
import { describe, expect, it } from 'vitest'
import { BundError, STATUS_OF_CODE, compareVersions, isScenarioId, isVersion, orgOf, nameOf, parseScenarioRef, parseVersion, statusOfCode } from '../../core/src/kernel/index.js'
import { scenarioRefSchema, definitionSchema } from '../../core/src/model/index.js'
import { rulePackSchema } from '../../core/src/compliance/rule-pack.js'

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (e) {
    return e instanceof BundError ? e.code : `not a BundError: ${String(e)}`
  }
  return undefined
}

describe('version order', () => {
  it('puts a prerelease before its release (semver precedence)', () => {
    expect(compareVersions('1.0.0-rc.1', '1.0.0')).toBeLessThan(0)
    expect(compareVersions('1.0.0', '1.0.0-rc.1')).toBeGreaterThan(0)
  })

  it('orders the semver.org example chain, numeric parts as numbers', () => {
    const chain = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '1.0.1', '1.2.0', '1.10.0', '2.0.0']
    const shuffled = [...chain].reverse()
    shuffled.splice(3, 0, ...shuffled.splice(7, 2))
    expect(shuffled.sort(compareVersions)).toEqual(chain)
  })

  it('never calls two different version strings equal (build metadata orders too)', () => {
    expect(compareVersions('1.0.0+build.1', '1.0.0+build.2')).toBeLessThan(0)
    expect(compareVersions('1.0.0', '1.0.0+build.1')).toBeLessThan(0)
    expect(compareVersions('1.2.3', '1.2.3')).toBe(0)
  })

  it('sorts a string that is no version before every version instead of throwing', () => {
    expect(['1.0.0', 'not-a-version', '0.0.1'].sort(compareVersions)).toEqual(['not-a-version', '0.0.1', '1.0.0'])
  })

  it('accepts exactly what the semver package parses strictly, without a v prefix', () => {
    for (const v of ['0.0.0', '1.2.3', '10.20.30', '1.0.0-0', '1.0.0-alpha-a.b-c', '1.0.0+20130313144700', '1.0.0-beta+exp.sha.5114f85']) {
      expect(isVersion(v), v).toBe(true)
      expect(semver.valid(v), v).not.toBeNull()
    }
    for (const v of ['1', '1.2', 'v1.2.3', '01.2.3', '1.2.3-01', '1.2.3-', '1.2.3+', '1.2.3-a..b', ' 1.2.3', '1.2.3 ', '1.2.3\n', `1.2.${'9'.repeat(100)}`]) {
      expect(isVersion(v), JSON.stringify(v)).toBe(false)
    }
  })
})

describe('scenario ids', () => {
  it('takes apart a reference with and without a version', () => {
    expect(parseScenarioRef('acme/credit-model')).toEqual({ id: 'acme/credit-model' })
    expect(parseScenarioRef('acme/credit-model@1.1.0-rc.2')).toEqual({ id: 'acme/credit-model', version: '1.1.0-rc.2' })
    expect(orgOf('acme/credit-model')).toBe('acme')
    expect(nameOf('acme/credit-model')).toBe('credit-model')
  })

  it('refuses bad ids and versions with SCENARIO_ID_INVALID (HTTP 400)', () => {
    for (const bad of ['Acme/credit', 'acme', 'acme/', '/credit', '-acme/credit', 'acme/credit/x', 'acme/cre dit', 'acme/credit@', 'acme/credit@1.0', 'acme/credit@v1.0.0', 'acme/credit@1.0.0@2.0.0', `acme/${'x'.repeat(101)}`]) {
      expect(codeOf(() => parseScenarioRef(bad)), bad).toBe('SCENARIO_ID_INVALID')
    }
    expect(codeOf(() => parseVersion('1.0'))).toBe('SCENARIO_ID_INVALID')
    expect(statusOfCode('SCENARIO_ID_INVALID')).toBe(400)
    expect(isScenarioId('a/b')).toBe(true)
  })

  it('is the one grammar the manifest, the HTTP run request and rule packs use', () => {
    const base = { title: 't', category: 'credit', datasets: {}, result: 'credit-decisions' }
    for (const ref of ['acme/credit-model@1.0.0-rc.1', 'Acme/x@1.0.0', 'acme/x@1.0', 'acme/x@01.0.0']) {
      const [id, version] = ref.split('@') as [string, string]
      const ok = isScenarioId(id) && isVersion(version)
      expect(definitionSchema.safeParse({ ...base, id, version }).success, ref).toBe(ok)
      expect(scenarioRefSchema.safeParse(ref).success, ref).toBe(ok)
      expect(codeOf(() => parseScenarioRef(ref)), ref).toBe(ok ? undefined : 'SCENARIO_ID_INVALID')
    }
    const pack = { id: 'fair-lending', title: 't', rules: [{ id: 'fair-lending/four-fifths', title: 't', citation: 'c', remedy: 'r', appliesTo: {}, check: 'four-fifths', severity: 'block' }] }
    expect(rulePackSchema.safeParse({ ...pack, version: '1.2.0-rc.1' }).success).toBe(true)
    expect(rulePackSchema.safeParse({ ...pack, version: '1.2' }).success).toBe(false)
  })
})

describe('errors', () => {
  it('gives every code an HTTP status, and a string that is no code 422', () => {
    expect(Object.values(STATUS_OF_CODE).every((s) => s >= 400 && s < 600)).toBe(true)
    expect(statusOfCode('NOT_FOUND')).toBe(404)
    expect(statusOfCode('toString')).toBe(422)
  })
})
