import { once } from 'node:events'
import { mkdirSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { serve as serveNode } from '@hono/node-server'
import { WebSocketServer } from 'ws'
import { startPoolServers } from './listen-pool/pool-servers.ts'
import { createApp } from './app.ts'
import { answerClientErrors } from './client-errors.ts'
import { AssetStorage } from './assets/asset-storage.ts'
import type { LakeDeps } from './deps.ts'
import type { LakeConfig } from './env.ts'
import { maxMessageBytes } from './presence/presence-hub.ts'
import { refuseOtherUpgrades } from './presence/upgrade-gate.ts'
import { resolveSeedPath, seedIfEmpty } from './seed.ts'
import { SqliteStore } from './store/sqlite-store.ts'
import { loadTokens } from './tokens.ts'
import { WebhookDispatcher } from './webhooks/webhook-dispatcher.ts'
import type { Tokens } from './tokens.ts'

export interface RunningLake {
  url: string
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

export function depsFor(config: LakeConfig, store: SqliteStore, publicUrl: string): LakeDeps {
  return {
    store,
    assets: new AssetStorage(config.dataDir),
    projectId: config.projectId,
    publicUrl,
    queryTimeoutMs: config.queryTimeoutMs,
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
  const ready: { fetch?: (request: Request, env: unknown) => Response | Promise<Response> } = {}
  const handle = (request: Request, env: unknown) =>
    ready.fetch?.(request, env) ?? Response.json({ status: 'starting' }, { status: 503 })
  const server = serveNode({
    hostname: config.host,
    port: config.port,
    // The env carries the Node request, which WebSocket upgrades (presence) need.
    fetch: (request, env) => refuseOtherUpgrades(request) ?? handle(request, env),
    // Presence frames are small; the limit keeps one socket from buffering megabytes.
    websocket: { server: new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes }) },
  })
  if (!server.listening) await once(server, 'listening')
  answerClientErrors(server)
  const pool = await startPoolServers(config.host, config.listenPool, handle)
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

  ready.fetch = createApp({
    ...deps,
    tokens,
    dataDir: config.dataDir,
    login: config.login,
    corsOrigins: config.corsOrigins,
    listenPoolPorts: pool.ports,
  }).fetch
  log(
    `lake listening on ${publicUrl} (project "${config.projectId}", datasets: ${config.datasets.join(', ')})`,
  )
  log(`data directory: ${config.dataDir}`)
  if (tokens.generated) {
    log(`SANITY_API_READ_TOKEN=${tokens.read}`)
    log(`SANITY_API_WRITE_TOKEN=${tokens.write}`)
  }

  return {
    url: publicUrl,
    tokens,
    close: async () => {
      webhooks.close()
      await pool.close()
      server.close()
      if (server.listening) await once(server, 'close')
      store.close()
    },
  }
}
