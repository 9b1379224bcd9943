import { createServer } from 'node:http'
import type { IncomingMessage } from 'node:http'
import { DatabaseSync } from 'node:sqlite'
import { parentPort, workerData } from 'node:worker_threads'
import { getRequestListener } from '@hono/node-server'
import type { HttpBindings } from '@hono/node-server'
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response'
import { Hono } from 'hono'
import { EditorSessions } from '../accounts/sessions.ts'
import { authMiddleware } from '../http/auth.ts'
import { lakeCors } from '../http/cors.ts'
import { LakeError, internalError } from '../http/errors.ts'
import { refuseForeignHost } from '../http/host-names.ts'
import type { LakeEnv } from '../http/lake-env.ts'
import { answerParserErrors, maxHeadBytes, refuseOversizedHead } from '../http/request-head.ts'
import { queryRoutes } from '../routes/query.ts'
import { MainThreadLink } from './forward-to-main.ts'
import { ForwardToMain, InlineOrForward } from './inline-or-forward.ts'
import type { FromFront, FrontThreadData, ToFront } from './messages.ts'
import { SqliteReplica } from './sqlite-replica.ts'

/**
 * A front thread (see front-threads.ts): it listens on the lake's port beside the main thread and
 * answers the GROQ queries that reach it by GET from its own copy of the datasets; every other
 * request, and every query that must run on the main thread's worker pool, it forwards.
 */
const data = workerData as FrontThreadData
const replica = new SqliteReplica(data.databaseFile)
// Before listening: until then the main thread takes every connection.
for (const dataset of data.datasets) replica.snapshot(dataset)
const sessions = new EditorSessions(new DatabaseSync(data.accountsFile, { readOnly: true }))
const runner = new InlineOrForward()
const link = new MainThreadLink(data.mainSocket)
const hostNames = new Set(data.hostNames)
let forwardedRequests = 0

type FrontEnv = LakeEnv & { Bindings: HttpBindings }

const app = new Hono<FrontEnv>()
app.use(lakeCors(data.corsOrigins))
app.use(authMiddleware(data.tokens, sessions))
app.route(
  '/:apiVersion{v[^/]+}/data/query',
  queryRoutes({
    store: replica,
    projectId: data.projectId,
    queryTimeoutMs: data.queryTimeoutMs,
    queryPool: runner,
  }),
)
app.notFound((c) => {
  link.forward(c.env.incoming, c.env.outgoing)
  return RESPONSE_ALREADY_SENT
})
app.onError((error, c) => {
  if (error instanceof ForwardToMain) {
    link.forward(c.env.incoming, c.env.outgoing)
    return RESPONSE_ALREADY_SENT
  }
  if (error instanceof LakeError) return c.json(error.body, error.status)
  console.error(error)
  const { body, status } = internalError()
  return c.json(body, status)
})

const answerQuery = getRequestListener(
  (request, env) =>
    refuseForeignHost(request, hostNames) ??
    refuseOversizedHead(request) ??
    // An HTTP/1.1 server (node:http's createServer below): never HTTP/2's bindings.
    app.fetch(request, env as HttpBindings),
  { hostname: data.host },
)

/** `GET /v…/data/query/<dataset>?…` without a body: what this thread answers itself. */
const queryPath = /^\/v[^/]+\/data\/query\/[^/?]+\/?(\?|$)/

function answersHere(incoming: IncomingMessage): boolean {
  return (
    incoming.method === 'GET' &&
    queryPath.test(incoming.url ?? '') &&
    incoming.headers['content-length'] === undefined &&
    incoming.headers['transfer-encoding'] === undefined
  )
}

const server = createServer({ maxHeaderSize: maxHeadBytes }, (incoming, outgoing) => {
  if (answersHere(incoming)) {
    void answerQuery(incoming, outgoing)
    return
  }
  forwardedRequests++
  link.forward(incoming, outgoing)
})
server.on('upgrade', (incoming: IncomingMessage, socket, head: Buffer) => {
  forwardedRequests++
  link.forwardUpgrade(incoming, socket, head)
})
answerParserErrors(server)
server.listen({ host: data.host, port: data.port, reusePort: true }, () => {
  post({ type: 'listening' })
})

function post(message: FromFront): void {
  parentPort?.postMessage(message)
}

parentPort?.on('message', (message: ToFront) => {
  if (message.type === 'counts') {
    const counts = {
      inline: runner.counts.inline,
      forwardedQueries: runner.counts.forwarded,
      forwardedRequests,
    }
    post({ type: 'counts', counts })
    return
  }
  // New connections go to the main thread from here on.
  server.close()
  server.closeAllConnections()
  link.close()
  post({ type: 'closed' })
})
