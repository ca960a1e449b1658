import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS, escaped, held, isHostLike } from '../../_shared/hostile.js'

/** Hostile: Function through an async function's constructor. */
const scenario = defineScenario({
  id: 'hostile/ctor-async',
  version: '1.0.0',
  title: "Hostile: Function through an async function's constructor",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  async run(ctx) {
    const AsyncFunction = (async function () {}).constructor as (code: string) => () => Promise<unknown>
    let got: unknown
    try {
      got = await AsyncFunction('return process')()
    } catch {
      got = undefined
    }
    if (isHostLike(got)) return escaped(ctx, 'process through AsyncFunction')
    held('AsyncFunction compiles inside the isolate')
  },
})
export default scenario
