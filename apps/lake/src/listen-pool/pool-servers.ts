import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { serve as serveNode } from '@hono/node-server'
import { answerClientErrors } from '../client-errors.ts'

type Fetch = (request: Request, env: unknown) => Response | Promise<Response>

export interface PoolServers {
  ports: number[]
  close(): Promise<void>
}

/**
 * `count` extra listeners on free ports of `host`, all answering with `fetch` (the same app as
 * the main port). Free ports avoid clashes with anything else running on the machine.
 */
export async function startPoolServers(
  host: string,
  count: number,
  fetch: Fetch,
): Promise<PoolServers> {
  const servers = Array.from({ length: count }, () =>
    serveNode({ hostname: host, port: 0, fetch: (request, env) => fetch(request, env) }),
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
