import { createHash, randomBytes } from 'node:crypto'
import type { DatabaseSync } from 'node:sqlite'

/** The one person local sign-in admits: the editor at this machine's keyboard. */
export const LOCAL_EDITOR_ID = 'local-editor'

const LOGIN_CODE_TTL_MS = 2 * 60 * 1000

function hash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex')
}

/**
 * Sanity's token login, served locally: a login hands the browser a short-lived one-time code
 * (the `sid` of Sanity's flow), which the Studio exchanges for a session token. Only hashes are
 * stored, so a copy of the database signs no one in.
 */
export class EditorSessions {
  readonly #db: DatabaseSync

  constructor(db: DatabaseSync) {
    this.#db = db
  }

  startLogin(now = Date.now()): string {
    const code = randomBytes(32).toString('base64url')
    this.#db.prepare('DELETE FROM login_codes WHERE expires_at < ?').run(now)
    this.#db
      .prepare('INSERT INTO login_codes (code_hash, expires_at) VALUES (?, ?)')
      .run(hash(code), now + LOGIN_CODE_TTL_MS)
    return code
  }

  /** Exchanges a login code for a new session token; a code works once, and only while fresh. */
  redeem(code: string, now = Date.now()): string | undefined {
    const row = this.#db
      .prepare('DELETE FROM login_codes WHERE code_hash = ? RETURNING expires_at')
      .get(hash(code)) as { expires_at: number } | undefined
    if (!row || row.expires_at < now) return undefined
    const token = `sksession${randomBytes(32).toString('base64url')}`
    this.#db
      .prepare('INSERT INTO sessions (token_hash, user_id, created_at) VALUES (?, ?, ?)')
      .run(hash(token), LOCAL_EDITOR_ID, new Date(now).toISOString())
    return token
  }

  /** The user a session token belongs to; lookups go by hash, so timing reveals no token bytes. */
  userFor(token: string): string | undefined {
    const row = this.#db
      .prepare('SELECT user_id FROM sessions WHERE token_hash = ?')
      .get(hash(token)) as { user_id: string } | undefined
    return row?.user_id
  }

  revoke(token: string): void {
    this.#db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(hash(token))
  }
}
