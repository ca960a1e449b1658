import { readFileSync } from 'node:fs'

/** This runtime's version, recorded in every publication's provenance. */
export const RUNTIME_VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version
