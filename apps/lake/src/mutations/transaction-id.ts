import { randomBytes } from 'node:crypto'

/** Sanity-like transaction ids: 22 url-safe random characters. */
export function newTransactionId(): string {
  return randomBytes(16).toString('base64url').slice(0, 22)
}
