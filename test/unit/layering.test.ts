/**
 * The layers of core/src (DESIGN.md "Layers"): an import never points from a lower layer to a
 * higher one, and no file imports itself back through others (no import cycle, type-only imports
 * included: a cycle of types is still two concepts that cannot be understood apart).
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../..')
const CORE = join(ROOT, 'core/src')

/** Each folder of core/src and its layer, bottom (0) to top. A folder may import its own layer and those below. */
const LAYER: Record<string, number> = {
  kernel: 0,
  model: 1,
  data: 2,
  sandbox: 2,
  manifest: 2,
  compliance: 2,
  tlog: 2,
  store: 3,
  queue: 3,
  runner: 4,
  build: 5,
  verify: 5,
  scaffold: 5,
  http: 6,
  cli: 6,
  // core/src/index.ts: the package's public names.
  '': 7,
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : []
  })
}

/** The relative imports of a file (static, re-exports and dynamic), resolved to source files. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const found: string[] = []
  for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^import\s+)'(\.{1,2}\/[^']+)'/gm)) {
    const base = resolve(dirname(file), m[1] as string).replace(/\.js$/, '')
    const target = ['.ts', '.tsx', '/index.ts'].map((ext) => base + ext).find((p) => existsSync(p))
    if (target === undefined) throw new Error(`${relative(CORE, file)}: cannot resolve ${m[1]}`)
    found.push(target)
  }
  return found
}

const files = sourceFiles(CORE)
const graph = new Map(files.map((f) => [f, importsOf(f)]))
const rel = (f: string) => relative(CORE, f)
const folderOf = (f: string) => (rel(f).includes('/') ? (rel(f).split('/')[0] as string) : '')

/** Strongly connected components of more than one file (Tarjan), each as its sorted file names. */
function cycles(g: Map<string, string[]>): string[] {
  let next = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const found: string[] = []
  const visit = (v: string): void => {
    index.set(v, next)
    low.set(v, next++)
    stack.push(v)
    onStack.add(v)
    for (const w of g.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!))
    }
    if (low.get(v) !== index.get(v)) return
    const component: string[] = []
    let w: string
    do {
      w = stack.pop()!
      onStack.delete(w)
      component.push(rel(w))
    } while (w !== v)
    if (component.length > 1) found.push(component.sort().join(' | '))
  }
  for (const v of g.keys()) if (!index.has(v)) visit(v)
  return found.sort()
}

describe('core/src layering', () => {
  it('places every folder in a layer', () => {
    const folders = [...new Set(files.map(folderOf))]
    expect(folders.filter((f) => !(f in LAYER))).toEqual([])
  })

  it('has no import from a lower layer to a higher one', () => {
    const upward: string[] = []
    for (const [from, targets] of graph) {
      for (const to of targets) if (LAYER[folderOf(from)]! < LAYER[folderOf(to)]!) upward.push(`${rel(from)} -> ${rel(to)}`)
    }
    expect([...new Set(upward)].sort()).toEqual([])
  })

  it('has no import cycle', () => {
    expect(cycles(graph)).toEqual([])
  })

  it('catches an upward import and a cycle (the checker itself)', () => {
    const a = join(CORE, 'kernel/a.ts')
    const b = join(CORE, 'kernel/b.ts')
    expect(cycles(new Map([[a, [b]], [b, [a]]]))).toEqual(['kernel/a.ts | kernel/b.ts'])
    expect(LAYER[folderOf(join(CORE, 'kernel/x.ts'))]! < LAYER[folderOf(join(CORE, 'store/x.ts'))]!).toBe(true)
  })

  it('keeps the SDK free of core: it runs inside the isolate', () => {
    const sdkFiles = sourceFiles(join(ROOT, 'sdk/src'))
    const offending = sdkFiles.filter((f) => /from\s*'(@bund\/core|\.\.\/\.\.\/\.\.\/core)/.test(readFileSync(f, 'utf8')))
    expect(offending.map((f) => relative(ROOT, f))).toEqual([])
  })
})
