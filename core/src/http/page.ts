/**
 * One page of a list response, bounded in bytes as well as in items: records are bounded one by
 * one (verdicts, logs, params), and a page stops before it passes MAX_PAGE_BYTES, so a list costs
 * the server and the client a few megabytes at most whatever the records hold. A short page says
 * so by its item count; the next page starts at `offset + items.length`.
 */

/** The most bytes of JSON one page carries (a page always holds at least one item). */
export const MAX_PAGE_BYTES = 4 * 1024 * 1024

import type { Page } from '../store/store.js'

export type { Page } from '../store/store.js'

/** Items `offset` to `offset + limit` of `all`, stopping early when the page would pass MAX_PAGE_BYTES. */
export function pageOfItems<T>(all: readonly T[], offset: number, limit: number, maxBytes = MAX_PAGE_BYTES): Page<T> {
  const items: T[] = []
  let bytes = 0
  for (const item of all.slice(offset, offset + limit)) {
    bytes += JSON.stringify(item)?.length ?? 0
    if (items.length > 0 && bytes > maxBytes) break
    items.push(item)
  }
  return { items, offset, limit, total: all.length }
}

/** A store's page, cut short when it would pass MAX_PAGE_BYTES (the total stays the listing's). */
export function boundedPage<T>(page: Page<T>, maxBytes = MAX_PAGE_BYTES): Page<T> {
  return { ...pageOfItems(page.items, 0, page.items.length, maxBytes), offset: page.offset, limit: page.limit, total: page.total }
}
