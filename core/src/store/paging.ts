/** Pages of listings: the bounds every implementation applies, and reading a whole listing page by page. */
import { DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT, type Page, type PageOptions } from './store.js'

/** The offset and limit a listing serves: non-negative integers, the limit defaulted and capped. */
export function pageBounds(options: PageOptions = {}): { offset: number; limit: number } {
  const offset = Math.max(0, Math.floor(options.offset ?? 0))
  const limit = Math.min(MAX_PAGE_LIMIT, Math.max(0, Math.floor(options.limit ?? DEFAULT_PAGE_LIMIT)))
  return { offset, limit }
}

/** One page of a listing held as an array. */
export function pageOf<T>(items: readonly T[], options: PageOptions = {}): Page<T> {
  const { offset, limit } = pageBounds(options)
  return { items: items.slice(offset, offset + limit), total: items.length, offset, limit }
}

/**
 * Every item of a listing, read one page at a time (for commands that must see all: doctor, import).
 * Pages are read by offset, so a write during the walk can shift an item into a page already read.
 */
export async function* allItems<T, O extends PageOptions>(list: (options: O) => Promise<Page<T>>, options: Omit<O, 'offset' | 'limit'>): AsyncGenerator<T> {
  for (let offset = 0; ; ) {
    const page = await list({ ...options, offset, limit: MAX_PAGE_LIMIT } as O)
    yield* page.items
    offset += page.items.length
    if (page.items.length === 0 || offset >= page.total) return
  }
}

/** Every item of a listing as one array (for callers that must hold them all at once). */
export async function collectAll<T, O extends PageOptions>(list: (options: O) => Promise<Page<T>>, options: Omit<O, 'offset' | 'limit'>): Promise<T[]> {
  const out: T[] = []
  for await (const item of allItems(list, options)) out.push(item)
  return out
}
