import { defineScenario } from '@bund/sdk'
import { FIXED_CLOCK_MS, type HostileContext, TEN_APPLICANTS, attempt, escaped, held } from '../../_shared/hostile.js'

/** Hostile: The real time through every path to a Date constructor: prototypes, subclasses, Reflect. */
const scenario = defineScenario({
  id: 'hostile/clock-date-paths',
  version: '1.0.0',
  title: 'Hostile: The real time through Date prototypes and constructors',
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  run(ctx: HostileContext) {
    type AnyCtor = new (...a: unknown[]) => Date
    const ctors: unknown[] = [
      Date,
      Date.prototype.constructor,
      Object.getPrototypeOf(Date),
      Object.getPrototypeOf(new Date()).constructor,
      attempt(() => Object.getOwnPropertyDescriptor(Date.prototype, 'constructor')?.value),
      attempt(() => new Function('return Date')()),
    ]
    const readings: number[] = [Date.now(), +new Date(), Date.parse(Date()), Date.parse(String(new Date()))]
    for (const C of ctors) {
      if (typeof C !== 'function') continue
      const viaNew = attempt(() => new (C as AnyCtor)().getTime())
      if (typeof viaNew === 'number') readings.push(viaNew)
      const viaReflect = attempt(() => (Reflect.construct(C as AnyCtor, []) as Date).getTime())
      if (typeof viaReflect === 'number') readings.push(viaReflect)
      const now = attempt(() => (C as unknown as { now?: () => number }).now?.())
      if (typeof now === 'number') readings.push(now)
    }
    class Sub extends Date {}
    readings.push(new Sub().getTime())
    const real = readings.filter((t) => !Number.isNaN(t) && t !== FIXED_CLOCK_MS)
    if (real.length > 0) return escaped(ctx, `a clock reading other than the fixed instant: ${new Date(real[0]!).toISOString()}`)
    held(`all ${readings.length} Date readings are the fixed instant`)
  },
})
export default scenario
