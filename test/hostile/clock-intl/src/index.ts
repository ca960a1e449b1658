import { defineScenario } from '@bund/sdk'
import { FIXED_CLOCK_MS, type HostileContext, TEN_APPLICANTS, escaped, held } from '../../_shared/hostile.js'

/** Hostile: The real time and the host's time zone through Intl defaults and local-time methods. */
const scenario = defineScenario({
  id: 'hostile/clock-intl',
  version: '1.0.0',
  title: 'Hostile: The real time and time zone through Intl',
  category: 'other',
  datasets: TEN_APPLICANTS,
  result: 'credit-decisions',
  run(ctx: HostileContext) {
    const options = { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZone: 'UTC' } as const
    const dtf = new Intl.DateTimeFormat('en-US', options)
    const fixed = dtf.format(FIXED_CLOCK_MS)
    if (dtf.format() !== fixed) return escaped(ctx, `Intl.DateTimeFormat().format() gave ${dtf.format()}`)
    if (Intl.DateTimeFormat('en-US', options).format() !== fixed) return escaped(ctx, 'Intl.DateTimeFormat() without new')
    const parts = dtf.formatToParts().map((p) => p.value).join('')
    if (parts !== dtf.formatToParts(FIXED_CLOCK_MS).map((p) => p.value).join('')) return escaped(ctx, `formatToParts() gave ${parts}`)
    const zone = new Intl.DateTimeFormat().resolvedOptions().timeZone
    if (zone !== 'UTC' && zone !== 'Etc/UTC') return escaped(ctx, `the host's time zone is readable: ${zone}`)
    if (new Date().getTimezoneOffset() !== 0) return escaped(ctx, `the host's UTC offset is readable: ${new Date().getTimezoneOffset()}`)
    if (!/GMT\+0000/.test(new Date().toString())) return escaped(ctx, `local time shows the host's zone: ${new Date().toString()}`)
    if (new Date().toLocaleString('en-US', { timeZone: 'UTC' }) !== new Date(FIXED_CLOCK_MS).toLocaleString('en-US', { timeZone: 'UTC' })) return escaped(ctx, 'toLocaleString')
    held('Intl shows the fixed instant in UTC')
  },
})
export default scenario
