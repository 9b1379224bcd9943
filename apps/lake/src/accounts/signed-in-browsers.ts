import { createHash, randomBytes } from 'node:crypto'
import type { DatabaseSync } from 'node:sqlite'

function hash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex')
}

/**
 * Browsers that opened the sign-in link: each holds a random token in an HttpOnly cookie, the
 * lake keeps only its digest (in `accounts.db`), so a copy of the database approves no browser.
 */
export class SignedInBrowsers {
  readonly #db: DatabaseSync

  constructor(db: DatabaseSync) {
    this.#db = db
  }

  /** Approves a new browser; the token goes into its cookie. */
  add(now = Date.now()): string {
    const token = randomBytes(32).toString('base64url')
    this.#db
      .prepare('INSERT INTO signed_in_browsers (token_hash, created_at) VALUES (?, ?)')
      .run(hash(token), new Date(now).toISOString())
    return token
  }

  /** Looked up by digest, so timing reveals no token bytes. */
  has(token: string): boolean {
    return (
      this.#db.prepare('SELECT 1 FROM signed_in_browsers WHERE token_hash = ?').get(hash(token)) !==
      undefined
    )
  }
}
