import { existsSync, mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { defineCommand } from 'citty'
import { BundError } from '../../kernel/index.js'
import { generateAuthorKeyPair } from '../../manifest/author-key.js'
import { writeFileAtomic } from '../../store/atomic-write.js'

export default defineCommand({
  meta: { name: 'keygen' },
  args: {
    out: { type: 'string', description: 'Directory to write the keys into (default: .)', valueHint: 'dir' },
    name: { type: 'string', description: 'Base name of the key files (default: bund-author)', valueHint: 'name' },
    force: { type: 'boolean', description: 'Overwrite existing key files' },
  },
  run({ args }) {
    const name = args.name ?? 'bund-author'
    if (!/^[\w.-]+$/.test(name)) throw new BundError('USAGE', `--name must be a plain file name, got "${name}"`)
    const dir = resolve(args.out ?? '.')
    const privatePath = join(dir, `${name}.key`)
    const publicPath = join(dir, `${name}.pub`)
    for (const path of [privatePath, publicPath]) {
      if (existsSync(path) && !args.force) throw new BundError('USAGE', `${path} already exists; keep it, or pass --force to replace the key pair`)
    }
    mkdirSync(dir, { recursive: true })
    const keys = generateAuthorKeyPair()
    // The private key is readable by its owner only from the moment it exists (created 0600, then renamed).
    writeFileAtomic(privatePath, keys.privateKey, 0o600)
    writeFileAtomic(publicPath, keys.publicKey, 0o644)
    process.stdout.write(
      [
        `private key  ${privatePath}  (mode 0600: keep it secret, never commit it)`,
        `public key   ${publicPath}  (give this to the operator: bund author add-key --org <org> --key ${publicPath})`,
        `key id       ${keys.keyId}`,
        '',
      ].join('\n'),
    )
  },
})
