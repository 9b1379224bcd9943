import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { serve as serveNode } from '@hono/node-server'
import { answerClientErrors } from '../http/client-errors.ts'
import { drainUnreadBodies } from '../http/unread-body.ts'

type Fetch = (request: Request, env: unknown) => Response | Promise<Response>

export interface PoolServers {
  ports: number[]
  close(): Promise<void>
}

/**
 * Browsers open at most six HTTP/1.1 connections per host and port, and an open listener holds
 * one for good. Sanity's API speaks HTTP/2, so the Studio opens listeners freely (six with one
 * document open) — against a plain-HTTP lake every other request then waits forever. So the lake
 * also listens on `count` free ports of `host` (free: no clash with anything else on the
 * machine), named at `GET /listen-pool`; the Studio opens its listeners there directly
 * (apps/studio/src/local-lake.ts), each port its own connection budget. `fetch` is the pool's
 * own front (pool-gate.ts) before the same app as the main port.
 */
export async function startPoolServers(
  host: string,
  count: number,
  fetch: Fetch,
): Promise<PoolServers> {
  const servers = Array.from({ length: count }, () =>
    serveNode({ hostname: host, port: 0, ...drainUnreadBodies(fetch) }),
  )
  for (const server of servers) {
    if (!server.listening) await once(server, 'listening')
    answerClientErrors(server)
  }
  return {
    ports: servers.map((server) => (server.address() as AddressInfo).port),
    close: async () => {
      const closed = servers.map((server) => once(server, 'close'))
      for (const server of servers) {
        server.close()
        // Open listener streams would otherwise keep the port (and the process) alive.
        if ('closeAllConnections' in server) server.closeAllConnections()
      }
      await Promise.all(closed)
    },
  }
}
