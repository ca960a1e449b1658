import { defineCommand } from 'citty'
import { loadSigningKey } from '../../store/signing.js'
import { openStore } from '../../store/index.js'
import { dataDir, dataDirArg } from '../options.js'

export default defineCommand({
  meta: { name: 'keys' },
  args: {
    json: { type: 'boolean', description: 'Print { keyId, publicKey } as JSON' },
    ...dataDirArg,
  },
  async run({ args }) {
    const dir = dataDir(args['data-dir'])
    let key = loadSigningKey(dir, false)
    if (key === undefined) {
      // First start: opening the store generates the key pair.
      await (await openStore(dir)).close()
      key = loadSigningKey(dir, false)
    }
    if (key === undefined) throw new Error(`no key in ${dir}`)
    process.stdout.write(args.json ? `${JSON.stringify({ keyId: key.keyId, publicKey: key.publicKeyPem })}\n` : `${key.publicKeyPem.trimEnd()}\n# key id (sha256 of the DER public key): ${key.keyId}\n`)
  },
})
