import { randomBytes } from 'node:crypto'
import type { Caller } from '../auth.ts'

const ticketTtlMs = 30_000

/**
 * Single-use, short-lived stand-ins for a bearer token, carried in a listener redirect URL: a
 * browser drops the `Authorization` header when it follows a redirect to another port. Kept in
 * memory only; a ticket is worth nothing once redeemed or after a restart.
 */
export class ListenTickets {
  readonly #tickets = new Map<string, { caller: Caller; expiresAt: number }>()

  issue(caller: Caller, now = Date.now()): string {
    for (const [ticket, entry] of this.#tickets) {
      if (entry.expiresAt < now) this.#tickets.delete(ticket)
    }
    const ticket = randomBytes(32).toString('base64url')
    this.#tickets.set(ticket, { caller, expiresAt: now + ticketTtlMs })
    return ticket
  }

  redeem(ticket: string, now = Date.now()): Caller | undefined {
    const entry = this.#tickets.get(ticket)
    this.#tickets.delete(ticket)
    return entry && entry.expiresAt >= now ? entry.caller : undefined
  }
}
