/**
 * `node --import ./test/helpers/module-log.mjs …` appends the URL of every ES module the process
 * loads, one a line, to the file named by BUND_MODULE_LOG (what test/integration/cli-lazy.test.ts
 * checks). The hook runs on the loader's thread, so it sees every import, static or dynamic.
 */
import { register } from 'node:module'

register(new URL('./module-log-hooks.mjs', import.meta.url), { data: { file: process.env.BUND_MODULE_LOG } })
