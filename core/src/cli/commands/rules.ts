import { defineCommand } from 'citty'
import { BundError } from '../../kernel/index.js'
import { parseRuleFiles } from '../options.js'

export default defineCommand({
  meta: { name: 'rules' },
  args: {
    kind: { type: 'string', description: 'Only the rules that apply to this result kind (with the rules for every kind)', valueHint: 'K' },
    rules: { type: 'string', description: 'Extra rule pack files, comma-separated', valueHint: 'file' },
    json: { type: 'boolean', description: 'Print JSON' },
    markdown: { type: 'boolean', description: "Print the Markdown tables of the SDK README's rule catalogue" },
  },
  async run({ args }) {
    const { RESULT_KIND_NAMES } = await import('@bund/sdk')
    const { catalogueMarkdown, ruleCatalogue } = await import('../../compliance/catalogue.js')
    const { loadRulePacks } = await import('../../compliance/rule-pack.js')
    const kinds: readonly string[] = RESULT_KIND_NAMES
    if (args.kind !== undefined && !kinds.includes(args.kind)) throw new BundError('USAGE', `--kind must be one of ${kinds.join(', ')}, got "${args.kind}"`)
    const packs = loadRulePacks(parseRuleFiles(args.rules))
    if (args.markdown) {
      process.stdout.write(catalogueMarkdown(packs))
      return
    }
    const entries = ruleCatalogue(packs, args.kind as (typeof RESULT_KIND_NAMES)[number] | undefined)
    if (args.json) {
      process.stdout.write(`${JSON.stringify({ items: entries })}\n`)
      return
    }
    const lines: string[] = []
    for (const e of entries) {
      lines.push(`${e.severity === 'block' ? 'blocking' : 'warning '}  ${e.rule}  (${e.kind ?? 'every kind'})`)
      lines.push(`          ${e.title}`)
      lines.push(`          threshold: ${e.threshold}`)
      lines.push(`          citation:  ${e.citation}`)
      lines.push(`          remedy:    ${e.remedy}`)
    }
    process.stdout.write(`${lines.join('\n')}\n${entries.length} rules\n`)
  },
})
