/** Apart from job.ts so that code outside the sandbox worker (bund dev's planted-pattern notes) can use it without loading isolated-vm. */

/** A per-dataset seed, so two datasets of one kind in one run differ. */
export function datasetSeed(seed: number, name: string): number {
  let h = seed >>> 0
  for (let i = 0; i < name.length; i++) h = (Math.imul(h, 31) + name.charCodeAt(i)) >>> 0
  return h
}
