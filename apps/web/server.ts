#!/usr/bin/env node
/**
 * The site's production server: Next's own request handler, behind the checks Next does not make
 * before it works on a request — Host, Origin of state-changing requests, and request bodies
 * (src/server/request-guard.ts) — plus what a page cannot do: answer 503 instead of 500 while the
 * content lake is out of reach (src/server/unavailable-during-outage.ts), send readers' pages
 * without the framework's client scripts they do not need (src/server/without-framework-scripts.ts),
 * and allow in its CSP only a page's own inline scripts (src/server/inline-script-hashes.ts). Run
 * after `next build`, as `next start` would be.
 */
import { createServer } from 'node:http'

import next from 'next'

import { env } from './src/env.ts'
import { hashInlineScriptsOf } from './src/server/inline-script-hashes.ts'
import { admitRequest } from './src/server/request-guard.ts'
import { answerUnavailableDuringOutage } from './src/server/unavailable-during-outage.ts'
import { readerPageRewrite } from './src/server/without-framework-scripts.ts'

const { port } = env
const requestPolicy = {
  allowedHosts: env.allowedHosts,
  webhookEnabled: env.revalidateSecret !== undefined,
}

const app = next({ dev: false, dir: import.meta.dirname, hostname: 'localhost', port })
const handle = app.getRequestHandler()
await app.prepare()

const server = createServer((request, response) => {
  if (!admitRequest(request, response, requestPolicy)) return
  answerUnavailableDuringOutage(response)
  hashInlineScriptsOf(request, response, readerPageRewrite(request))
  void handle(request, response)
})
// Every interface, as `next start` listens.
server.listen(port, () => {
  console.log(`▲ site ready on http://localhost:${port}`)
})

// Finish the requests in flight, as `next start` does, when a process manager stops the server.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0))
    server.closeIdleConnections()
  })
}
