import { once } from 'node:events'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo, Server } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createAdaptorServer } from '@hono/node-server'
import { WebSocketServer } from 'ws'
import { loadLoginSecret } from './accounts/login-secret.ts'
import { lakeHostNames, refuseForeignHost } from './http/host-names.ts'
import { refuseAllButListen } from './listen-pool/pool-gate.ts'
import { startPoolServers } from './listen-pool/pool-servers.ts'
import { createApp } from './app.ts'
import { AssetStorage } from './assets/asset-storage.ts'
import type { LakeDeps } from './deps.ts'
import type { LakeConfig } from './env.ts'
import { claimPort, startFrontThreads } from './front-threads/front-threads.ts'
import type { FrontThreads } from './front-threads/front-threads.ts'
import { answerParserErrors, maxHeadBytes, refuseOversizedHead } from './http/request-head.ts'
import { drainUnreadBodies } from './http/unread-body.ts'
import { maxMessageBytes } from './presence/presence-hub.ts'
import { refuseOtherUpgrades } from './presence/upgrade-gate.ts'
import { ReleaseScheduler } from './releases/release-scheduler.ts'
import { resolveSeedPath, seedIfEmpty } from './import/seed.ts'
import { QueryPool } from './query-pool/query-pool.ts'
import { SqliteStore } from './store/sqlite-store.ts'
import { loadTokens } from './http/tokens.ts'
import { WebhookDispatcher } from './webhooks/webhook-dispatcher.ts'
import type { Tokens } from './http/tokens.ts'

export interface RunningLake {
  url: string
  /** The main port (the public URL may name another, or none). */
  port: number
  tokens: Tokens
  /** The threads answering queries on the main port beside the main thread (none with 0). */
  frontThreads?: FrontThreads
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
  }
}

async function listening(server: Server, options: Parameters<Server['listen']>[0]): Promise<void> {
  server.listen(options)
  await once(server, 'listening')
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
  // Presence frames are small; the limit keeps one socket from buffering megabytes.
  const websockets = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes })
  // The env carries the Node request, which WebSocket upgrades (presence) need.
  const lakeServer = () =>
    createAdaptorServer({
      hostname: config.host,
      serverOptions: { maxHeaderSize: maxHeadBytes },
      ...drainUnreadBodies(
        (request, env) =>
          refuseForeignHost(request, hostNames) ??
          refuseOversizedHead(request) ??
          refuseOtherUpgrades(request) ??
          handle(request, env),
      ),
      websocket: { server: websockets },
    }) as Server
  const server = lakeServer()
  const sharesPort = config.httpThreads > 0
  const port = sharesPort ? await claimPort(config.host, config.port) : config.port
  await listening(server, { host: config.host, port, reusePort: sharesPort })
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
  const publicUrl = publicUrlFor(config, (server.address() as AddressInfo).port)
  const databaseFile = path.join(config.dataDir, 'lake.db')
  const queryPool = new QueryPool(store, {
    workers: config.queryWorkers,
    databaseFile,
    spread: config.httpThreads === 0,
  })
  const deps = { ...depsFor(config, store, publicUrl), queryPool }

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

  queryPool.warm()
  ready.fetch = createApp({
    ...deps,
    tokens,
    dataDir: config.dataDir,
    login: { ...config.login, secret: loginSecret },
    corsOrigins: config.corsOrigins,
    listenPoolPorts: pool.ports,
    imageCacheBytes: config.imageCacheBytes,
  }).fetch
  // Front threads forward what they do not answer to a server of the main thread's own, on a
  // socket in a directory only this user may open.
  let mainSocket: { server: Server; dir: string } | undefined
  let frontThreads: FrontThreads | undefined
  if (sharesPort) {
    const dir = mkdtempSync(path.join(tmpdir(), 'lake-'))
    mainSocket = { server: lakeServer(), dir }
    await listening(mainSocket.server, { path: path.join(dir, 'main.sock') })
    answerParserErrors(mainSocket.server)
    frontThreads = await startFrontThreads(
      config.httpThreads,
      {
        host: config.host,
        port: (server.address() as AddressInfo).port,
        mainSocket: path.join(dir, 'main.sock'),
        databaseFile,
        accountsFile: path.join(config.dataDir, 'accounts.db'),
        datasets: config.datasets,
        tokens: { read: tokens.read, write: tokens.write },
        hostNames: [...hostNames],
        corsOrigins: [...config.corsOrigins, ...config.login.studioOrigins],
        projectId: config.projectId,
        queryTimeoutMs: config.queryTimeoutMs,
      },
      log,
    )
  }
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
    port: (server.address() as AddressInfo).port,
    tokens,
    frontThreads,
    close: async () => {
      await frontThreads?.close()
      scheduler.close()
      webhooks.close()
      await pool.close()
      await queryPool.close()
      for (const each of [server, mainSocket?.server]) {
        if (!each?.listening) continue
        each.close()
        await once(each, 'close')
      }
      if (mainSocket) rmSync(mainSocket.dir, { recursive: true, force: true })
      store.close()
    },
  }
}
