import { httpError } from '../http/errors.ts'
import type { LakeError } from '../http/errors.ts'

// SQLite's primary result code for "database or disk is full"; node:sqlite puts it in `errcode`.
const sqliteFull = 13

/**
 * Names the out-of-space failure behind `error` (or its causes), e.g. "SQLITE_FULL: database or
 * disk is full" or "ENOSPC: no space left on device, write"; undefined for any other error.
 */
export function diskFullCause(error: unknown): string | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    const { code, errcode } = current as Error & { code?: unknown; errcode?: unknown }
    if (typeof errcode === 'number' && (errcode & 0xff) === sqliteFull)
      return `SQLITE_FULL: ${current.message}`
    if (code === 'ENOSPC' || code === 'EDQUOT') return current.message
    current = current.cause
  }
  return undefined
}

/** What a write that ran out of disk answers: nothing of it was stored. */
export function diskFullError(): LakeError {
  return httpError(
    507,
    "The lake's disk is full: nothing was written. Free some space and try again.",
  )
}
