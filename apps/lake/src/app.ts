import { Hono } from 'hono'
import path from 'node:path'
import { openAccountsDb } from './accounts/accounts-db.ts'
import { KeyValues } from './accounts/key-values.ts'
import { EditorSessions } from './accounts/sessions.ts'
import { SignedInBrowsers } from './accounts/signed-in-browsers.ts'
import type { LakeEnv } from './http/lake-env.ts'
import { authMiddleware, tokenResolver } from './http/auth.ts'
import { AssetStorage } from './assets/asset-storage.ts'
import { defaultCorsOrigins, lakeCors } from './http/cors.ts'
import type { LakeDeps, QueryRunner } from './deps.ts'
import { diskFullCause, diskFullError } from './store/disk-full.ts'
import { LakeError, httpError, internalError } from './http/errors.ts'
import { defaultImageCacheMb } from './images/variant-cache.ts'
import { PresenceHub } from './presence/presence-hub.ts'
import { actionRoutes } from './routes/actions.ts'
import { assetRoutes } from './routes/assets.ts'
import { authRoutes } from './routes/auth.ts'
import type { LocalLoginOptions } from './routes/auth.ts'
import { docRoutes } from './routes/doc.ts'
import { exportRoutes } from './routes/export.ts'
import { fileRoutes } from './routes/files.ts'
import { historyRoutes } from './routes/history.ts'
import { imageRoutes } from './routes/images.ts'
import { listenRoutes } from './routes/listen.ts'
import { liveRoutes } from './routes/live.ts'
import { mutateRoutes } from './routes/mutate.ts'
import { hostedServiceRoutes } from './routes/hosted-services.ts'
import { projectRoutes, projectSubscriptionRoutes } from './routes/projects.ts'
import { queryRoutes } from './routes/query.ts'
import { socketRoutes } from './routes/socket.ts'
import type { Store } from './store/store.ts'
import type { Tokens } from './http/tokens.ts'
import { userRoutes } from './routes/users.ts'
import { userFor } from './accounts/users.ts'

export interface AppOptions {
  store: Store
  tokens: Tokens
  /** Directory holding asset originals and the transformed-image cache. */
  dataDir: string
  projectId?: string
  /** Base URL written into asset documents; defaults to http://localhost:3210. */
  publicUrl?: string
  queryTimeoutMs?: number
  /** Evaluates `/data/query` GROQ (its owner closes it); without one, every query runs inline. */
  queryPool?: QueryRunner
  /** Local editor sign-in: the Studio origins it returns to and the sign-in link's secret. */
  login: LocalLoginOptions
  /** Logs unexpected (500) errors; defaults to console.error. */
  logError?: (error: unknown) => void
  /** Logs feedback editors send from the Studio's help menu; defaults to console.info. */
  logFeedback?: (message: string) => void
  /** Logs each unknown endpoint once; defaults to console.warn. */
  logNotFound?: (endpoint: string) => void
  /** Extra ports serving this app's listeners, which browsers are told of at `/listen-pool`. */
  listenPoolPorts?: readonly number[]
  /**
   * Browser origins allowed to call the API with credentials (LAKE_CORS_ORIGINS); defaults to the
   * Studio and site dev servers. The sign-in's Studio origins are always allowed too.
   */
  corsOrigins?: readonly string[]
  /** Disk space for rendered image variants (LAKE_IMAGE_CACHE_MB), least recently used evicted. */
  imageCacheBytes?: number
}

export function createApp(options: AppOptions): Hono<LakeEnv> {
  const deps: LakeDeps = {
    store: options.store,
    assets: new AssetStorage(options.dataDir),
    projectId: options.projectId ?? 'local',
    publicUrl: options.publicUrl ?? 'http://localhost:3210',
    queryTimeoutMs: options.queryTimeoutMs ?? 10_000,
    queryPool: options.queryPool,
  }
  const logError =
    options.logError ??
    ((error: unknown) => {
      console.error(error)
    })
  const logNotFound =
    options.logNotFound ??
    ((endpoint: string) => {
      console.warn(`lake: no endpoint for ${endpoint} (answered 404)`)
    })
  const app = new Hono<LakeEnv>()

  const { login } = options
  // A Studio that may sign in must also be able to call the API.
  app.use(lakeCors([...(options.corsOrigins ?? defaultCorsOrigins), ...login.studioOrigins]))
  const accounts = openAccountsDb(path.join(options.dataDir, 'accounts.db'))
  const sessions = new EditorSessions(accounts)
  app.use(authMiddleware(options.tokens, sessions))
  const resolveToken = tokenResolver(options.tokens, sessions)
  const presence = new PresenceHub((token) => {
    const caller = resolveToken(token)
    return caller && userFor(caller.role, caller.identity)?.id
  })

  app.get('/health', (c) =>
    c.json({ status: 'ok', projectId: deps.projectId, datasets: deps.store.listDatasets() }),
  )
  // Where a browser should open its listeners (see pool-servers.ts); `[]` means this port.
  app.get('/listen-pool', (c) => c.json({ ports: options.listenPoolPorts ?? [] }))

  // Sanity accepts any API version segment: v1, v2021-06-07, vX …
  const api = new Hono<LakeEnv>()
  api.get('/ping', (c) => c.text('PONG'))
  // The Studio's edit-latency report pings the data API once per document it edits.
  api.get('/data/ping/:dataset', (c) => c.text('PONG'))
  api.route('/data/query', queryRoutes(deps))
  api.route('/data/doc', docRoutes(deps))
  api.route('/data/export', exportRoutes(deps))
  api.route('/data/history', historyRoutes(deps))
  api.route('/data/mutate', mutateRoutes(deps))
  api.route('/data/listen', listenRoutes(deps))
  api.route('/data/actions', actionRoutes(deps))
  api.route('/data/live', liveRoutes(deps))
  api.route('/assets', assetRoutes(deps))
  api.route('/socket', socketRoutes(deps, presence))
  const auth = authRoutes(sessions, new SignedInBrowsers(accounts), login, deps.publicUrl)
  api.route('/auth', auth)
  api.route('/users', userRoutes(new KeyValues(accounts)))
  api.route('/projects', projectRoutes(deps))
  api.route('/subscriptions', projectSubscriptionRoutes(deps))
  api.route(
    '/',
    hostedServiceRoutes(
      options.logFeedback ??
        ((message) => {
          console.info(`lake: feedback from the Studio: ${message}`)
        }),
    ),
  )
  app.route('/:apiVersion{v[^/]+}', api)
  // The login page is a browser redirect target, addressed without an API version.
  app.route('/auth', auth)

  app.route(
    '/images',
    imageRoutes(deps, { cacheBytes: options.imageCacheBytes ?? defaultImageCacheMb * 1024 * 1024 }),
  )
  app.route('/files', fileRoutes(deps))

  // A client asking for an endpoint the lake lacks is worth one line in the log, not one per call.
  const reportedMissing = new Set<string>()
  app.notFound((c) => {
    const endpoint = `${c.req.method} ${c.req.path.replace(/^\/v[^/]+/, '/v*')}`
    if (!reportedMissing.has(endpoint) && reportedMissing.size < 1000) {
      reportedMissing.add(endpoint)
      logNotFound(endpoint)
    }
    // The body stays Sanity's plain one: the Studio reads some 404 messages (a missing project or
    // dataset) as fatal, so the endpoint is named in the log, not in the answer.
    const { body, status } = httpError(404, 'Not Found')
    return c.json(body, status)
  })
  app.onError((error, c) => {
    if (error instanceof LakeError) return c.json(error.body, error.status)
    const diskFull = diskFullCause(error)
    if (diskFull) {
      logError(new Error(`lake: a write failed, the disk is full (${diskFull})`, { cause: error }))
      const { body, status } = diskFullError()
      return c.json(body, status)
    }
    logError(error)
    const { body, status } = internalError()
    return c.json(body, status)
  })
  return app
}
