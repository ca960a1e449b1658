/** The built-in rule packs, loaded once, for what a verdict does not carry (its pack's title, a rule's params). */
import { type RulePack, loadRulePacks } from '../../compliance/rule-pack.js'

let packs: RulePack[] | undefined

export function builtinPacks(): RulePack[] {
  if (packs === undefined) {
    try {
      packs = loadRulePacks()
    } catch {
      // A broken built-in pack is reported where packs load for runs; pages then show ids only.
      packs = []
    }
  }
  return packs
}
