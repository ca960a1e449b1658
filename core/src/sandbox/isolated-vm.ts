/** The one place that loads isolated-vm: the line npm installed for this Node.js (node-lines.ts). */
import { createRequire } from 'node:module'
import type IsolatedVM from 'isolated-vm'
import { isolatedVmPackage } from './node-lines.js'

const ivm = createRequire(import.meta.url)(isolatedVmPackage()) as typeof IsolatedVM

// Its types, under the same name (tsconfig's `paths` finds the installed line's declarations).
// biome-ignore lint: the generics mirror isolated-vm's own declarations.
declare namespace ivm {
  export type Isolate = IsolatedVM.Isolate
  export type Context = IsolatedVM.Context
  export type Script = IsolatedVM.Script
  export type Reference<T = any> = IsolatedVM.Reference<T>
  export type ExternalCopy<T = any> = IsolatedVM.ExternalCopy<T>
  export type Callback<T extends (...args: any[]) => any = any> = IsolatedVM.Callback<T>
}
export default ivm
