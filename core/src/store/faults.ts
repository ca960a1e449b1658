/**
 * The file-system faults an operator can fix, each as its own code with what to do: a full disk
 * (DISK_FULL), a read-only mount (STORE_READONLY), missing permissions (STORE_PERMISSION). Every
 * write of the store goes through `asStoreFault`, so none surfaces as INTERNAL or a bare errno.
 */
import { BundError } from '../kernel/index.js'

const READS_STILL_WORK = 'Reads still work (bund serve keeps serving them; bund verify, audit, scenarios, doctor).'

/** The BundError for an errno the operator can fix; undefined for anything else. */
export function asStoreFault(e: unknown, doing: string): BundError | undefined {
  if (e instanceof BundError) return ['DISK_FULL', 'STORE_READONLY', 'STORE_PERMISSION'].includes(e.code) ? e : undefined
  const code = (e as NodeJS.ErrnoException | null)?.code
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new BundError('DISK_FULL', `the disk holding the data directory is full (${doing}); nothing was written or acknowledged. Free space on that disk, then retry. ${READS_STILL_WORK}`)
  }
  if (code === 'EROFS') {
    return new BundError('STORE_READONLY', `the data directory is on a read-only file system (${doing}). Remount it read-write, or use another --data-dir for writes. ${READS_STILL_WORK}`)
  }
  if (code === 'EACCES' || code === 'EPERM') {
    const uid = typeof process.getuid === 'function' ? ` (uid ${process.getuid()})` : ''
    return new BundError('STORE_PERMISSION', `this process${uid} may not write the data directory (${doing}). Give the user running bund ownership of the whole directory (e.g. chown -R), or run bund as its owner. ${READS_STILL_WORK}`)
  }
  return undefined
}

/** Rethrows a fixable fault as its code, anything else unchanged. */
export function rethrowAsStoreFault(e: unknown, doing: string): never {
  throw asStoreFault(e, doing) ?? e
}
