/**
 * A scenario's versions side by side at one seed: each version's newest live publication on that
 * seed (same seed, same data, so a difference between columns is the version's), and every rule's
 * verdict per version. Read per version from the store's newest page of that version's
 * publications — a bounded number of reads, never the scenario's whole history.
 */
import type { Verdict, Publication } from '../../model/index.js'
import { compareVersions } from '../../kernel/index.js'
import type { Store } from '../../store/store.js'

/** Versions shown side by side at most (the newest). */
export const COMPARE_VERSIONS = 8
/** Publications read per version: its newest page. A seed published only further back is not offered. */
export const COMPARE_PAGE = 200

export interface VersionColumn {
  version: string
  /** Its newest live publication on the seed; none when the version was not published on it. */
  publication: Publication | undefined
}

export interface RuleRow {
  rule: string
  /** The verdict of each column (as `columns`), undefined where that version's run had no such rule. */
  verdicts: Array<Verdict | undefined>
}

export interface VersionComparison {
  seed: number
  columns: VersionColumn[]
  rules: RuleRow[]
  /** Other seeds at least two of these versions were published on. */
  otherSeeds: number[]
}

/** Seeds on which at least two versions have a live publication, smallest first. */
export function comparableSeeds(publications: Iterable<Pick<Publication, 'version' | 'seed' | 'withdrawn'>>): number[] {
  const versionsBySeed = new Map<number, Set<string>>()
  for (const p of publications) {
    if (p.withdrawn !== undefined) continue
    const versions = versionsBySeed.get(p.seed) ?? new Set<string>()
    versionsBySeed.set(p.seed, versions.add(p.version))
  }
  return [...versionsBySeed].filter(([, v]) => v.size >= 2).map(([seed]) => seed).sort((a, b) => a - b)
}

/** The comparison of `versions` (those the viewer may see) at `seed`, from each version's newest page. */
export async function compareVersionsAt(store: Store, scenario: string, versions: readonly string[], seed: number): Promise<VersionComparison> {
  const newest = [...versions].sort((a, b) => compareVersions(b, a)).slice(0, COMPARE_VERSIONS)
  const pages = await Promise.all(newest.map(async (version) => (await store.listPublications({ scenario, version, limit: COMPARE_PAGE })).items.filter((p) => p.withdrawn === undefined)))
  // Listings are newest first: the first on the seed is the newest.
  const columns = newest.map((version, i) => ({ version, publication: pages[i]!.find((p) => p.seed === seed) }))
  const order: string[] = []
  const byRule = new Map<string, Array<Verdict | undefined>>()
  columns.forEach((column, i) => {
    for (const v of column.publication?.verdicts ?? []) {
      let row = byRule.get(v.rule)
      if (row === undefined) {
        byRule.set(v.rule, (row = new Array<Verdict | undefined>(columns.length).fill(undefined)))
        order.push(v.rule)
      }
      row[i] = v
    }
  })
  return {
    seed,
    columns,
    rules: order.map((rule) => ({ rule, verdicts: byRule.get(rule)! })),
    otherSeeds: comparableSeeds(pages.flat()).filter((s) => s !== seed),
  }
}
