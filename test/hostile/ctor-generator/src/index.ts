import { defineScenario } from '@bund/sdk'
import { TEN_APPLICANTS, attempt, escaped, held, isHostLike } from '../../_shared/hostile.js'

/** Hostile: Function through generator and async generator constructors. */
const scenario = defineScenario({
  id: 'hostile/ctor-generator',
  version: '1.0.0',
  title: "Hostile: Function through generator and async generator constructors",
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  async run(ctx) {
    const GeneratorFunction = function* () {}.constructor as (code: string) => () => Generator<unknown>
    const AsyncGeneratorFunction = async function* () {}.constructor as (code: string) => () => AsyncGenerator<unknown>
    const viaGenerator = attempt(() => GeneratorFunction('yield process')().next().value)
    let viaAsync: unknown
    try {
      viaAsync = (await AsyncGeneratorFunction('yield process')().next()).value
    } catch {
      viaAsync = undefined
    }
    if (isHostLike(viaGenerator) || isHostLike(viaAsync)) return escaped(ctx, 'process through a generator constructor')
    held('generator constructors compile inside the isolate')
  },
})
export default scenario
