import type { Publication } from '../../model/index.js'

/**
 * Each publication's JSON, serialised and UTF-8 encoded once (bytes go to the socket without being
 * measured or encoded again). A stored publication never changes: withdrawing one stores a new
 * object, so the entry of the old one is no longer reached (and is collected).
 */
const serialised = new WeakMap<Publication, Uint8Array>()

export function publicationJson(p: Publication): Uint8Array {
  let json = serialised.get(p)
  if (json === undefined) serialised.set(p, (json = Buffer.from(JSON.stringify(p), 'utf8')))
  return json
}
