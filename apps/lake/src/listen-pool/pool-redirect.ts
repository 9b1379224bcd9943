import type { Context, MiddlewareHandler } from 'hono'
import type { LakeEnv } from '../auth.ts'
import { ListenTickets } from './listen-tickets.ts'

/**
 * Browsers open at most six HTTP/1.1 connections per host and port, and an open listener holds
 * one for good. Sanity's API speaks HTTP/2, so the Studio opens listeners freely (six with one
 * document open) — against a plain-HTTP lake every other request then waits forever. The lake
 * therefore also listens on a few extra ports (the pool) and redirects browser listeners there,
 * spreading them over several connection budgets and keeping the main port free.
 */
export interface ListenPool {
  ports: readonly number[]
  tickets: ListenTickets
}

export const ticketParam = 'lakeTicket'

/** The pool for these extra ports; none without ports (tests, `LAKE_LISTEN_POOL=0`). */
export function listenPool(ports: readonly number[] | undefined): ListenPool | undefined {
  return ports?.length ? { ports, tickets: new ListenTickets() } : undefined
}

/** Whether the request arrived on a pool port (judged by the URL the client used). */
export function isPoolRequest(c: Pick<Context, 'req'>, pool: ListenPool | undefined): boolean {
  if (!pool) return false
  const port = Number(new URL(c.req.url).port)
  return pool.ports.includes(port)
}

export function listenPoolRedirect(pool: ListenPool | undefined): MiddlewareHandler<LakeEnv> {
  let turn = 0
  return async (c, next) => {
    // Only browsers (they send Origin) have the connection limit; other clients stream in place.
    if (!pool?.ports.length || !c.req.header('origin') || isPoolRequest(c, pool)) return next()
    const target = new URL(c.req.url)
    target.port = String(pool.ports[turn++ % pool.ports.length])
    target.searchParams.delete(ticketParam)
    if (c.var.role !== 'anonymous') {
      const ticket = pool.tickets.issue({ role: c.var.role, identity: c.var.identity })
      target.searchParams.set(ticketParam, ticket)
    }
    // Not forwarded across origins by every browser; the listener also reads it from the URL.
    const lastEventId = c.req.header('last-event-id')
    if (lastEventId && !target.searchParams.has('lastEventId')) {
      target.searchParams.set('lastEventId', lastEventId)
    }
    c.header('Cache-Control', 'no-store')
    return c.redirect(target.href, 307)
  }
}
