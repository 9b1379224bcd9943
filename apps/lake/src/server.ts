import { EventEmitter, once } from 'node:events'
import { mkdirSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import path from 'node:path'
import { serve as serveNode } from '@hono/node-server'
import { WebSocketServer } from 'ws'
import { loadLoginSecret } from './accounts/login-secret.ts'
import { lakeHostNames, refuseForeignHost } from './http/host-names.ts'
import { refuseAllButListen } from './listen-pool/pool-gate.ts'
import { startPoolServers } from './listen-pool/pool-servers.ts'
import { createApp } from './app.ts'
import { answerClientErrors } from './http/client-errors.ts'
import { AssetStorage } from './assets/asset-storage.ts'
import type { LakeDeps } from './deps.ts'
import type { LakeConfig } from './env.ts'
import { httpError } from './http/errors.ts'
import { drainUnreadBodies } from './http/unread-body.ts'
import type { LakeError } from './http/errors.ts'
import { maxMessageBytes } from './presence/presence-hub.ts'
import { refuseOtherUpgrades } from './presence/upgrade-gate.ts'
import { ReleaseScheduler } from './releases/release-scheduler.ts'
import { resolveSeedPath, seedIfEmpty } from './import/seed.ts'
import { QueryPool } from './query-pool/query-pool.ts'
import { SqliteStore } from './store/sqlite-store.ts'
import { loadTokens } from './http/tokens.ts'
import { WebhookDispatcher } from './webhooks/webhook-dispatcher.ts'
import type { Tokens } from './http/tokens.ts'

/**
 * Longest path and query string the lake reads: 414 above. @sanity/client switches to POST above
 * ~11 kB of URL, so only hand-made requests come near it.
 */
export const maxUrlBytes = 64 * 1024
/** Longest header section (names, values, separators) past the request line: 431 above. */
export const maxHeaderBytes = 16 * 1024
/**
 * What Node's parser buffers of a request line and headers together (its default is 16 KiB, which
 * would turn every URL over it into a 431). Past it the parser gives up: a 431 as well.
 */
export const maxHeadBytes = 1024 * 1024

function errorResponse(error: LakeError): Response {
  return Response.json(error.body, { status: error.status })
}

/** 414 for a URL, 431 for headers over their limit, before any route reads them. */
export function refuseOversizedHead(request: Request): Response | undefined {
  const url = new URL(request.url)
  // As sent, percent-encoded: the byte count of the request target.
  const target = url.pathname.length + url.search.length
  if (target > maxUrlBytes) {
    return errorResponse(
      httpError(414, `The URL exceeds ${maxUrlBytes / 1024} KiB; send long queries with POST`),
    )
  }
  let headerBytes = 0
  request.headers.forEach((value, name) => {
    headerBytes += name.length + value.length + 4
  })
  if (headerBytes > maxHeaderBytes) {
    return errorResponse(httpError(431, `The request headers exceed ${maxHeaderBytes / 1024} KiB`))
  }
  return undefined
}

/**
 * Requests Node's parser gives up on get client-errors.ts's JSON answers, except a head over
 * `maxHeadBytes`, whose message names this server's limit rather than Node's default.
 */
function answerParserErrors(server: EventEmitter): void {
  const others = new EventEmitter()
  answerClientErrors(others)
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code !== 'HPE_HEADER_OVERFLOW' || !socket.writable) {
      others.emit('clientError', error, socket)
      return
    }
    const body = JSON.stringify(
      httpError(
        431,
        `The request line and headers exceed ${maxHeadBytes / 1024 / 1024} MiB; send long queries with POST`,
      ).body,
    )
    socket.end(
      `HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    )
  })
}

export interface RunningLake {
  url: string
  /** The main port (the public URL may name another, or none). */
  port: number
  tokens: Tokens
  close(): Promise<void>
}

/** Opens the data directory: the SQLite store with the configured datasets. */
export function openStore(config: Pick<LakeConfig, 'dataDir' | 'datasets'>): SqliteStore {
  mkdirSync(config.dataDir, { recursive: true })
  const store = new SqliteStore(path.join(config.dataDir, 'lake.db'))
  for (const dataset of config.datasets) store.createDataset(dataset)
  return store
}

export function publicUrlFor(config: Pick<LakeConfig, 'publicUrl' | 'host'>, port: number): string {
  if (config.publicUrl) return config.publicUrl
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`
}

/**
 * The sign-in link `serve` prints. On `localhost` when the lake is reached by loopback: the Studio
 * calls the lake by that name, and the browser keeps the link's cookie for the name it opened.
 */
export function signInUrlFor(publicUrl: string, secret: string): string {
  const url = new URL('/auth/sign-in', publicUrl)
  if (url.hostname === '127.0.0.1' || url.hostname === '[::1]') url.hostname = 'localhost'
  url.searchParams.set('secret', secret)
  return url.href
}

export function depsFor(config: LakeConfig, store: SqliteStore, publicUrl: string): LakeDeps {
  return {
    store,
    assets: new AssetStorage(config.dataDir),
    projectId: config.projectId,
    publicUrl,
    queryTimeoutMs: config.queryTimeoutMs,
    queryPool: new QueryPool(store, {
      workers: config.queryWorkers,
      databaseFile: path.join(config.dataDir, 'lake.db'),
    }),
  }
}

/**
 * Starts listening first (port 0 picks a free port, needed for asset URLs), answers 503 while the
 * seed imports, then hands requests to the app — so `/health` turning 200 means "ready".
 */
export async function serve(
  config: LakeConfig,
  log: (message: string) => void = console.log,
): Promise<RunningLake> {
  const store = openStore(config)
  const tokens = loadTokens(config.dataDir, { read: config.readToken, write: config.writeToken })
  // Made (and kept) only while password-less sign-in is on: off, there is no link to open.
  const loginSecret = config.login.enabled ? loadLoginSecret(config.dataDir) : ''
  const ready: { fetch?: (request: Request, env: unknown) => Response | Promise<Response> } = {}
  const handle = (request: Request, env: unknown) =>
    ready.fetch?.(request, env) ?? Response.json({ status: 'starting' }, { status: 503 })
  // Every port checks the Host first (DNS rebinding), WebSocket upgrades included.
  const hostNames = lakeHostNames(config)
  const server = serveNode({
    hostname: config.host,
    port: config.port,
    serverOptions: { maxHeaderSize: maxHeadBytes },
    // The env carries the Node request, which WebSocket upgrades (presence) need.
    ...drainUnreadBodies(
      (request, env) =>
        refuseForeignHost(request, hostNames) ??
        refuseOversizedHead(request) ??
        refuseOtherUpgrades(request) ??
        handle(request, env),
    ),
    // Presence frames are small; the limit keeps one socket from buffering megabytes.
    websocket: { server: new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes }) },
  })
  if (!server.listening) await once(server, 'listening')
  answerParserErrors(server)
  const pool = await startPoolServers(
    config.host,
    config.listenPool,
    (request, env) =>
      refuseForeignHost(request, hostNames) ??
      refuseOversizedHead(request) ??
      refuseAllButListen(request) ??
      handle(request, env),
  )
  const { port } = server.address() as AddressInfo
  const publicUrl = publicUrlFor(config, port)
  const deps = depsFor(config, store, publicUrl)

  const seedPath = await resolveSeedPath(config.seed)
  if (seedPath === null && config.seed === undefined)
    log('no @repo/seed dataset found; not seeding')
  const defaultDataset = config.datasets[0]
  if (defaultDataset) await seedIfEmpty(deps, defaultDataset, seedPath, log)
  // After seeding: the launch content is not news to anyone's cache.
  const webhooks = new WebhookDispatcher(store, config.webhooks, { projectId: config.projectId })
  for (const hook of config.webhooks) log(`webhook "${hook.name}" → ${hook.url}`)
  // After the webhooks: a release overdue at start publishes now, and the site must hear of it.
  const scheduler = new ReleaseScheduler(store, config.datasets, log)

  deps.queryPool?.warm()
  ready.fetch = createApp({
    ...deps,
    tokens,
    dataDir: config.dataDir,
    login: { ...config.login, secret: loginSecret },
    corsOrigins: config.corsOrigins,
    listenPoolPorts: pool.ports,
    imageCacheBytes: config.imageCacheBytes,
  }).fetch
  log(
    `lake listening on ${publicUrl} (project "${config.projectId}", datasets: ${config.datasets.join(', ')})`,
  )
  log(`data directory: ${config.dataDir}`)
  if (config.login.enabled) log(`Studio sign-in: ${signInUrlFor(publicUrl, loginSecret)}`)
  if (tokens.generated) {
    log(`SANITY_API_READ_TOKEN=${tokens.read}`)
    log(`SANITY_API_WRITE_TOKEN=${tokens.write}`)
  }

  return {
    url: publicUrl,
    port,
    tokens,
    close: async () => {
      scheduler.close()
      webhooks.close()
      await pool.close()
      await deps.queryPool?.close()
      server.close()
      if (server.listening) await once(server, 'close')
      store.close()
    },
  }
}
