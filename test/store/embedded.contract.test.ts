/** The store contract on the embedded store (a data directory on this disk). */
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { openStore } from '@bund/core'
import { tempDir } from '../helpers/cli.js'
import { describeStoreContract } from './contract.js'

describeStoreContract('embedded', async () => {
  const dir = tempDir()
  const made = {
    store: await openStore(dir),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    reopen: () => openStore(dir),
    // db.json holds the chain's newest entries once the store is closed (the journal is folded into it).
    tamperAudit: async (seq: number) => {
      await made.store.close()
      const file = join(dir, 'db.json')
      const db = JSON.parse(readFileSync(file, 'utf8')) as { audit: Array<{ seq: number; actor: string }> }
      const entry = db.audit.find((e) => e.seq === seq)
      if (entry === undefined) throw new Error(`audit entry ${seq} is not in db.json`)
      entry.actor = 'someone else'
      writeFileSync(file, JSON.stringify(db))
      return openStore(dir, { readOnly: true })
    },
  }
  return made
})
