import ivm from './isolated-vm.js'
import { SCENARIO_FILENAME } from '@bund/sdk/runtime'
import { BundError } from '../kernel/index.js'
import { catastrophe } from './catastrophe.js'
import { describeSource } from './runtime-source.js'

/**
 * Evaluates a bundle in a throwaway isolate and reads its definition's static fields (everything
 * but functions), with params turned into JSON Schema. Used to write a manifest at build time.
 */
export async function describeBundle(bundle: string): Promise<unknown> {
  const isolate = new ivm.Isolate({ memoryLimit: 64, onCatastrophicError: catastrophe })
  try {
    const context = await isolate.createContext()
    const describe: ivm.Reference<() => unknown> = await (await isolate.compileScript(describeSource())).run(context, { reference: true, timeout: 2000 })
    await (await isolate.compileScript(bundle, { filename: SCENARIO_FILENAME })).run(context, { timeout: 5000 })
    return await describe.apply(undefined, [], { result: { copy: true }, timeout: 2000 })
  } catch (e) {
    throw new BundError('SCENARIO_INVALID', `cannot read the scenario definition: ${String((e as Error)?.message ?? e).slice(0, 2000)}`)
  } finally {
    if (!isolate.isDisposed) isolate.dispose()
  }
}
