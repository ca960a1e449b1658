import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { defineCommand } from 'citty'
import { BundError, SLUG_PATTERN, keyIdOf } from '../../kernel/index.js'
import { parsePublicKey } from '../../manifest/signature.js'
import { openStore } from '../../store/index.js'
import { callApi, serverArgs } from '../api-call.js'
import { openForWriting } from '../open-store.js'
import { DISPLAY_NAME_MAX, checkDisplayName } from '../../store/display-name.js'
import { dataDir, dataDirArg } from '../options.js'


const addKey = defineCommand({
  meta: { name: 'add-key', description: "Register an author org's public key: its uploads must then be signed with the matching private key" },
  args: {
    org: { type: 'string', description: 'The author org: the part of its scenario ids before the slash', valueHint: 'org', required: true },
    key: { type: 'string', description: 'The public key file (.pub) the author made with bund keygen', valueHint: 'file', required: true },
    ...dataDirArg,
    ...serverArgs,
  },
  async run({ args }) {
    if (!SLUG_PATTERN.test(args.org)) throw new BundError('USAGE', `--org must be an org name in lower case letters, digits and dashes, got "${args.org}"`)
    const keyPath = resolve(args.key)
    if (!existsSync(keyPath)) throw new BundError('USAGE', `--key ${args.key}: no such file`)
    const publicKey = readFileSync(keyPath, 'utf8')
    if (/PRIVATE KEY-----/.test(publicKey)) throw new BundError('KEY_INVALID', `${args.key}: this is a private key; register the author's public key (.pub) and keep the private key with the author`)
    parsePublicKey(publicKey, args.key)
    const keyId = keyIdOf(publicKey)
    if (args.server !== undefined) {
      // Beside a running server (which holds the data directory): the same registration, by its API.
      await callApi(args.server, args.token, 'PUT', `/api/v1/author-keys/${args.org}`, { publicKey })
      process.stdout.write(`registered key ${keyId.slice(0, 16)}… for ${args.org} on ${new URL(args.server).origin}: uploads of ${args.org}/* must now be signed with it\n`)
      return
    }
    const viaServer = `bund author add-key --org ${args.org} --key ${args.key} --server <its URL> --token <an operator token> (PUT /api/v1/author-keys/${args.org})`
    const store = await openForWriting(dataDir(args['data-dir']), {}, viaServer)
    try {
      const previous = await store.getAuthorKey(args.org)
      await store.putAuthorKey({ org: args.org, publicKey, registeredAt: new Date().toISOString() }, 'cli')
      const replaced = previous === undefined ? '' : ` (replaces key ${keyIdOf(previous.publicKey).slice(0, 16)}…)`
      process.stdout.write(`registered key ${keyId.slice(0, 16)}… for ${args.org}${replaced}: uploads of ${args.org}/* must now be signed with it\n`)
    } finally {
      await store.close()
    }
  },
})

const showKey = defineCommand({
  meta: { name: 'show-key', description: "Print an author org's registered public key" },
  args: {
    org: { type: 'string', description: 'The author org', valueHint: 'org', required: true },
    ...dataDirArg,
  },
  async run({ args }) {
    const dir = dataDir(args['data-dir'])
    if (!existsSync(dir)) throw new BundError('STORE_INVALID', `${dir}: no data directory`)
    const store = await openStore(dir, { readOnly: true })
    try {
      const record = await store.getAuthorKey(args.org)
      if (record === undefined) throw new BundError('NOT_FOUND', `no key is registered for ${args.org}`)
      process.stdout.write(`org          ${record.org}\nkey id       ${keyIdOf(record.publicKey)}\nregistered   ${record.registeredAt}\n${record.publicKey.trimEnd()}\n`)
    } finally {
      await store.close()
    }
  },
})

const setName = defineCommand({
  meta: { name: 'set-name', description: "Set an author org's display name: the registry and the dashboard show its scenarios under it" },
  args: {
    org: { type: 'string', description: 'The author org', valueHint: 'org', required: true },
    name: { type: 'string', description: `The display name (letters, digits, single spaces and . , & ' ’ ( ) - / + :, at most ${DISPLAY_NAME_MAX} characters)`, valueHint: 'name', required: true },
    ...dataDirArg,
  },
  async run({ args }) {
    if (!SLUG_PATTERN.test(args.org)) throw new BundError('USAGE', `--org must be an org name in lower case letters, digits and dashes, got "${args.org}"`)
    const name = checkDisplayName(args.name)
    const store = await openForWriting(dataDir(args['data-dir']), {}, `PUT /api/v1/orgs/${args.org} { "displayName": "…" }`)
    try {
      const previous = await store.getOrg(args.org)
      await store.setOrgName(args.org, name, 'cli')
      process.stdout.write(`${args.org} is shown as "${name}"${previous === undefined ? '' : ` (was "${previous.displayName}")`}\n`)
    } finally {
      await store.close()
    }
  },
})

export default defineCommand({
  meta: { name: 'author' },
  subCommands: { 'add-key': addKey, 'show-key': showKey, 'set-name': setName },
  run({ rawArgs }) {
    // citty calls this only when no subcommand was named.
    if (rawArgs.length === 0) throw new BundError('USAGE', 'bund author needs a subcommand: add-key, show-key or set-name')
  },
})
