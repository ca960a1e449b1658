/**
 * The floor the generators are benchmarked against: the kind's typed arrays (columns and labels),
 * allocated the same way and filled by a plain loop with one draw of the same PRNG per cell. No
 * generator can be faster than this; the benchmark reports how many times slower each one is.
 */
import { DATASET_KINDS, type DatasetKind } from '@bund/sdk'
import { createDraw } from './random.js'

const CONSTRUCTORS = { f64: Float64Array, f32: Float32Array, i32: Int32Array, u32: Uint32Array, u16: Uint16Array, u8: Uint8Array, dict: Uint8Array } as const

/** Fills `rows` cells of every column of `kind` from the seeded stream; returns the arrays. */
export function floorFill(kind: DatasetKind, rows: number, seed = 1): ArrayLike<number>[] {
  const meta = DATASET_KINDS[kind]
  const types = Object.values({ ...meta.columns, ...meta.labels }) as (keyof typeof CONSTRUCTORS)[]
  const draw = createDraw(seed, 'floor')
  return types.map((type) => {
    const column = new CONSTRUCTORS[type](rows)
    for (let i = 0; i < rows; i++) column[i] = draw.uniform() * 200
    return column
  })
}
