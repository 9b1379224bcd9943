import { Hono } from 'hono'
import type { LakeEnv } from '../http/lake-env.ts'
import type { LakeDeps } from '../deps.ts'
import { requireDataset } from '../deps.ts'
import { compileFilter } from '../listen/document-filter.ts'
import { eventStream } from '../listen/event-stream.ts'
import type { EventStreamOptions } from '../listen/event-stream.ts'
import { parseListenRequest } from '../listen/listen-request.ts'
import { ListenerSession } from '../listen/listener-session.ts'

/** `GET /data/listen/:dataset`: Server-Sent Events for every committed change matching a filter. */
export function listenRoutes(deps: LakeDeps, options: EventStreamOptions = {}): Hono<LakeEnv> {
  const app = new Hono<LakeEnv>()

  app.get('/:dataset', (c) => {
    const dataset = c.req.param('dataset')
    requireDataset(deps.store, dataset)
    const request = parseListenRequest(new URL(c.req.url), c.req.header('last-event-id'))
    // Validated before the stream opens, so a bad query is a plain 400.
    const filter = compileFilter(request.query, request.params, deps.queryTimeoutMs)
    const sessionOptions = { ...request.options, anonymous: c.var.role === 'anonymous' }

    return eventStream(c, options, (stream, close) => {
      const session = new ListenerSession(
        deps.store,
        dataset,
        filter,
        sessionOptions,
        (message) => stream.writeSSE(message),
        (error) => {
          console.error(error)
          close()
        },
      )
      void session.start(request.lastEventId)
      return () => {
        session.close()
      }
    })
  })
  return app
}
