#!/usr/bin/env node
/** The `bund` command. Errors print as one line with their code; exit 2 for failures and bad usage. */
import { type CommandDef, defineCommand, runCommand, showUsage } from 'citty'

type AnyCommand = CommandDef<any>
import { BundError } from '../errors.js'
import { RUNTIME_VERSION } from '../runner/version.js'
import author from './commands/author.js'
import audit from './commands/audit.js'
import build from './commands/build.js'
import data from './commands/data.js'
import demo from './commands/demo.js'
import doctor from './commands/doctor.js'
import dev from './commands/dev.js'
import keygen from './commands/keygen.js'
import keys from './commands/keys.js'
import newScenario from './commands/new.js'
import release from './commands/release.js'
import run from './commands/run.js'
import scenarios from './commands/scenarios.js'
import sign from './commands/sign.js'
import serve from './commands/serve.js'
import token from './commands/token.js'
import verify from './commands/verify.js'
import withdraw from './commands/withdraw.js'

// biome-ignore lint: citty's command types are invariant in their args.
const subCommands: Record<string, AnyCommand> = { run, build, data, scenarios, demo, new: newScenario, dev, keygen, sign, author, keys, audit, verify, doctor, release, withdraw, serve, token }

const main = defineCommand({
  meta: { name: 'bund', version: RUNTIME_VERSION, description: 'Regulatory-sandbox runtime for FinTech demonstration scenarios' },
  subCommands,
})

async function cli(rawArgs: string[]): Promise<void> {
  const [name, ...rest] = rawArgs
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${RUNTIME_VERSION}\n`)
    return
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    await showUsage(main)
    return
  }
  const sub = subCommands[name]
  if (sub === undefined) throw new BundError('USAGE', `unknown command "${name}"; commands: ${Object.keys(subCommands).join(', ')}`)
  if (rest.includes('--help') || rest.includes('-h')) {
    // A command with its own subcommands (`bund data generate --help`) shows the nested one's usage.
    const nested = (sub.subCommands as Record<string, AnyCommand> | undefined)?.[rest[0] ?? '']
    await (nested ? showUsage(nested, sub) : showUsage(sub, main))
    return
  }
  await runCommand(sub, { rawArgs: rest })
}

cli(process.argv.slice(2)).catch((e: unknown) => {
  if (e instanceof BundError) {
    process.stderr.write(`bund: ${e.code}: ${e.message}\n`)
  } else {
    // citty's own argument errors (a missing positional) are usage errors too.
    const message = e instanceof Error ? e.message : String(e)
    process.stderr.write(`bund: ${/required|argument|option|command/i.test(message) ? 'USAGE' : 'INTERNAL'}: ${message}\n`)
  }
  process.exitCode = 2
})
