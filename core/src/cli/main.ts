#!/usr/bin/env node
/**
 * The `bund` command. Errors print as one line with their code; exit 2 for failures and bad usage.
 *
 * Startup is paid per command: this file imports only citty, and a command's module is imported
 * when that command runs or shows its help (`bund --help` imports none of them).
 *
 * Adding a command: write `commands/NAME.ts` exporting `defineCommand({ meta: { name }, args, run })`
 * as its default, then add one line to COMMANDS below (its one-line description lives here, for the
 * command list and the command's own help). At its top, a command module imports only what its
 * arguments need; what it runs with (the store, the sandbox pool, the HTTP server, zod schemas) it
 * imports inside `run` with `await import(…)`. test/integration/cli-lazy.test.ts checks that every
 * command's help loads no more than that.
 */
import { type CommandDef, runCommand, showUsage } from 'citty'
import { BundError } from '../kernel/index.js'
import { RUNTIME_VERSION } from '../runner/version.js'

// biome-ignore lint: citty's command types are invariant in their args.
type AnyCommand = CommandDef<any>

interface CommandEntry {
  description: string
  load: () => Promise<{ default: AnyCommand }>
}

const COMMANDS: Record<string, CommandEntry> = {
  run: { description: 'Run a scenario in the sandbox, check it, and publish or hold the result', load: () => import('./commands/run.js') },
  build: { description: 'Bundle scenarios into dist/bundle.js and dist/manifest.json', load: () => import('./commands/build.js') },
  data: { description: 'Generate or describe the synthetic datasets', load: () => import('./commands/data.js') },
  rules: { description: 'List the compliance rules: threshold, blocking or warning, citation and remedy (--kind K, --json)', load: () => import('./commands/rules.js') },
  scenarios: { description: 'List the built-in and registered scenarios', load: () => import('./commands/scenarios.js') },
  demo: { description: 'Run every built-in scenario end to end, publish what passes, print a summary', load: () => import('./commands/demo.js') },
  new: { description: 'Start a scenario project: package.json, tsconfig, src/index.ts from a template, a test, a README', load: () => import('./commands/new.js') },
  dev: { description: 'Rebuild a scenario on every change to src/ and re-run it on a small dataset, printing the compliance report', load: () => import('./commands/dev.js') },
  keygen: { description: 'Create an ed25519 author key pair for signing scenario bundles', load: () => import('./commands/keygen.js') },
  sign: { description: 'Sign a built scenario with an author key: writes dist/bundle.sig', load: () => import('./commands/sign.js') },
  submit: { description: 'Upload a built scenario to a Bund server: manifest, bundle, signature and source map', load: () => import('./commands/submit.js') },
  author: { description: 'Manage author organisations: their signing keys and display names', load: () => import('./commands/author.js') },
  keys: { description: "The instance's publication-signing keys: show the current public key, list the key history, rotate --reason to a new key", load: () => import('./commands/keys.js') },
  audit: { description: 'Inspect and verify the hash-chained audit log', load: () => import('./commands/audit.js') },
  verify: { description: 'Check a publication from its URL (signature, id, artifacts, transparency log inclusion and consistency, attestation) or from the store; --rerun re-executes it', load: () => import('./commands/verify.js') },
  doctor: { description: 'Explain what is wrong with a data directory; --restore puts back the last good backup', load: () => import('./commands/doctor.js') },
  release: { description: 'Publish a held run anyway (operator action; the reason is recorded in the audit chain)', load: () => import('./commands/release.js') },
  withdraw: { description: 'Withdraw a publication (operator action): it stays in the chain, marked withdrawn', load: () => import('./commands/withdraw.js') },
  serve: { description: 'Serve the HTTP API (and its docs at /docs) until stopped; with --database-url, one of any number of stateless API nodes', load: () => import('./commands/serve.js') },
  worker: { description: 'Take runs from the PostgreSQL queue and carry them out in sandbox processes (--database-url; any number, on any machine)', load: () => import('./commands/worker.js') },
  db: { description: 'PostgreSQL: `db migrate` applies the schema, `db import <data-dir>` moves an embedded store in (--database-url or $BUND_DATABASE_URL)', load: () => import('./commands/db.js') },
  token: { description: 'Issue, list and revoke API tokens (operator and author roles)', load: () => import('./commands/token.js') },
}

/** The top-level command as citty shows it: names and descriptions only, no module loaded. */
function mainCommand(): AnyCommand {
  const subCommands = Object.fromEntries(Object.entries(COMMANDS).map(([name, { description }]) => [name, { meta: { name, description } }]))
  return { meta: { name: 'bund', version: RUNTIME_VERSION, description: 'Regulatory-sandbox runtime for FinTech demonstration scenarios' }, subCommands }
}

/** A command's module, with its description from COMMANDS. */
async function loadCommand(name: string, entry: CommandEntry): Promise<AnyCommand> {
  const command = (await entry.load()).default
  return { ...command, meta: { ...(command.meta as object), name, description: entry.description } }
}

async function cli(rawArgs: string[]): Promise<void> {
  const [name, ...rest] = rawArgs
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${RUNTIME_VERSION}\n`)
    return
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    await showUsage(mainCommand())
    return
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined
  if (entry === undefined) throw new BundError('USAGE', `unknown command "${name}"; commands: ${Object.keys(COMMANDS).join(', ')}`)
  const sub = await loadCommand(name, entry)
  if (rest.includes('--help') || rest.includes('-h')) {
    // A command with its own subcommands (`bund data generate --help`) shows the nested one's usage.
    const nested = (sub.subCommands as Record<string, AnyCommand> | undefined)?.[rest[0] ?? '']
    await (nested ? showUsage(nested, sub) : showUsage(sub, mainCommand()))
    return
  }
  await runCommand(sub, { rawArgs: rest })
}

// A reader that stops early (`bund verify … | head`) closes the pipe: stop quietly, as Unix tools
// do, with the exit code so far, instead of Node's unhandled EPIPE stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0)
  })
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
