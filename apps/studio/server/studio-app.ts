import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

import { getRequestListener } from '@hono/node-server'
import type { HttpBindings } from '@hono/node-server'
import { Hono } from 'hono'
import { compress } from 'hono/compress'
import { getMimeType } from 'hono/utils/mime'

import type { BuildFile } from './build-files.ts'

interface StudioServerOptions {
  /** The build output, as `readBuildFiles` read it. */
  files: ReadonlyMap<string, BuildFile>
  /** Host names (lower case, IPv6 in brackets) the Studio answers to, whatever the port. */
  allowedHosts: readonly string[]
  /** Sent with every response, refusals included. */
  headers: Record<string, string>
}

/**
 * Paths that are never a Studio route, so they get a 404 instead of the Studio's page: dot and `@`
 * segments (`/.data`, `/.env`, Vite's `/@fs`), backslashes, NUL, and separators or dots that were
 * percent-encoded (once or twice) to slip past normalization.
 */
const notARoute = /(^|\/)[.@]|\\|\0|%(25|2e|2f|5c|00)/i

function hostName(host: string | undefined): string | undefined {
  if (!host) return undefined
  try {
    return new URL(`http://${host}`).hostname.toLowerCase()
  } catch {
    return undefined
  }
}

/**
 * The built Studio: its files from memory, the Studio's page for any other route it may have
 * (client-side routing), and nothing else. Only GET and HEAD, only for the allowed host names (a
 * page on another site that rebinds its DNS to this machine is refused).
 */
export function studioApp({ files, allowedHosts, headers }: StudioServerOptions) {
  const index = files.get('/index.html')
  if (!index) throw new Error('the build output holds no index.html')
  const app = new Hono<{ Bindings: HttpBindings }>()

  app.use(async (c, next) => {
    await next()
    for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value)
  })
  app.use(async (c, next) => {
    // Both: a request line may carry an absolute URL, and then names its host there.
    const hosts = [hostName(c.req.header('host')), new URL(c.req.url).hostname.toLowerCase()]
    if (!hosts.every((host) => host && allowedHosts.includes(host))) {
      return c.text('This host name is not allowed', 403)
    }
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      // The body is never read: the connection closes instead of draining it.
      return c.text('Method not allowed', 405, { Allow: 'GET, HEAD', Connection: 'close' })
    }
    return next()
  })
  app.use(compress())

  app.get('*', (c) => {
    // As sent: the URL parser has already resolved `/%2e%2e/` and `/../` away.
    const sentPath = (c.env.incoming.url ?? '').split('?')[0] ?? ''
    if ([sentPath, c.req.path].some((path) => notARoute.test(path))) return c.text('Not found', 404)
    const file = files.get(c.req.path)
    if (file) {
      return c.body(file.body as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': getMimeType(c.req.path) ?? 'application/octet-stream',
        'Cache-Control': file.hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      })
    }
    // A missing asset is an error to see, not a page.
    if (c.req.path.startsWith('/static/')) return c.text('Not found', 404)
    return c.body(index.body as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-cache',
    })
  })
  return app
}

/** `studioApp` on a port of `host`; `port: 0` picks a free one (tests). */
export async function startStudioServer(
  options: StudioServerOptions & { port: number; host: string },
) {
  const app = studioApp(options)
  const listener = getRequestListener(app.fetch, {
    hostname: options.host,
    // Request lines Node parses but a URL cannot hold (a backslash in the path, say) name no file.
    errorHandler: () =>
      new Response('Not found', {
        status: 404,
        headers: { ...options.headers, 'Content-Type': 'text/plain; charset=UTF-8' },
      }),
  })
  const server = createServer((request, response) => void listener(request, response)).listen(
    options.port,
    options.host,
  )
  await once(server, 'listening')
  return { server, port: (server.address() as AddressInfo).port }
}
