import type { Store } from '../../store/store.js'
import type { ServerQueue } from '../env.js'
import type { StreamSlots } from '../stream-slots.js'
import type { SessionOptions } from './session.js'

/** What the dashboard reads: the store, and the run queue for live progress when the server has one. */
export interface DashboardDeps {
  store: Store
  queue?: Pick<ServerQueue, 'get' | 'active' | 'subscribe'>
  /** The caps on open event streams the API's streams count against too (per token and in all). */
  streams?: Pick<StreamSlots, 'acquire'>
  /**
   * Mark the session cookie Secure (default true). Browsers keep Secure cookies over https and on
   * localhost / 127.0.0.1; serve the dashboard behind TLS anywhere else.
   */
  secureCookies?: boolean
  sessions?: SessionOptions
  /** Offer PDFs of publications when the server has Chromium (default true); false never looks for it. */
  pdf?: boolean
}
