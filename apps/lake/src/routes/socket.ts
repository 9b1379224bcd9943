import { upgradeWebSocket } from '@hono/node-server'
import { Hono } from 'hono'
import type { LakeEnv } from '../http/lake-env.ts'
import type { LakeDeps } from '../deps.ts'
import { datasetNotFound } from '../http/errors.ts'
import type { PresenceHub } from '../presence/presence-hub.ts'

/** The bifur client counts any message as a heartbeat; "♥" is the one it ignores otherwise. */
const heartbeat = '♥'
const heartbeatMs = 20_000

/**
 * `GET /socket/:dataset` (WebSocket) — presence for the Studio. Only the real Node server can
 * upgrade; elsewhere (and for plain HTTP requests) the route falls through to a 404.
 */
export function socketRoutes(deps: LakeDeps, hub: PresenceHub): Hono<LakeEnv> {
  const app = new Hono<LakeEnv>()

  app.get(
    '/:dataset',
    async (c, next) => {
      if (!deps.store.hasDataset(c.req.param('dataset')))
        throw datasetNotFound(c.req.param('dataset'))
      return next()
    },
    upgradeWebSocket((c) => {
      let connection: ReturnType<PresenceHub['connect']> | undefined
      let timer: ReturnType<typeof setInterval> | undefined
      return {
        onOpen: (_event, ws) => {
          connection = hub.connect(
            c.req.param('dataset') ?? '',
            (text) => {
              ws.send(text)
            },
            (code, reason) => {
              ws.close(code, reason)
            },
          )
          ws.send(heartbeat)
          timer = setInterval(() => {
            ws.send(heartbeat)
          }, heartbeatMs)
        },
        onMessage: (event: { data: unknown }) => {
          if (typeof event.data === 'string') connection?.message(event.data)
        },
        onClose: () => {
          clearInterval(timer)
          connection?.close()
          connection = undefined
        },
      }
    }),
  )
  return app
}
