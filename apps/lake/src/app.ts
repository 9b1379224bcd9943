import { Hono } from 'hono'
import { cors } from 'hono/cors'
import type { LakeEnv } from './auth.ts'
import { authMiddleware } from './auth.ts'
import { AssetStorage } from './assets/asset-storage.ts'
import type { LakeDeps } from './deps.ts'
import { LakeError, httpError } from './errors.ts'
import { assetRoutes } from './routes/assets.ts'
import { docRoutes } from './routes/doc.ts'
import { fileRoutes } from './routes/files.ts'
import { imageRoutes } from './routes/images.ts'
import { mutateRoutes } from './routes/mutate.ts'
import { queryRoutes } from './routes/query.ts'
import type { Store } from './store/store.ts'
import type { Tokens } from './tokens.ts'

export interface AppOptions {
  store: Store
  tokens: Tokens
  /** Directory holding asset originals and the transformed-image cache. */
  dataDir: string
  projectId?: string
  /** Base URL written into asset documents; defaults to http://localhost:3210. */
  publicUrl?: string
  queryTimeoutMs?: number
  /** Logs unexpected (500) errors; defaults to console.error. */
  logError?: (error: unknown) => void
}

const localOrigin = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/

export function createApp(options: AppOptions): Hono<LakeEnv> {
  const deps: LakeDeps = {
    store: options.store,
    assets: new AssetStorage(options.dataDir),
    projectId: options.projectId ?? 'local',
    publicUrl: options.publicUrl ?? 'http://localhost:3210',
    queryTimeoutMs: options.queryTimeoutMs ?? 10_000,
  }
  const logError =
    options.logError ??
    ((error: unknown) => {
      console.error(error)
    })
  const app = new Hono<LakeEnv>()

  app.use(
    cors({
      // Browsers (Studio, preview) run on localhost; reflecting the origin allows credentials.
      origin: (origin) => (localOrigin.test(origin) ? origin : null),
      credentials: true,
      allowHeaders: ['Authorization', 'Content-Type', 'X-Sanity-Project-ID', 'x-sanity-app'],
      allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      maxAge: 600,
    }),
  )
  app.use(authMiddleware(options.tokens))

  app.get('/health', (c) =>
    c.json({ status: 'ok', projectId: deps.projectId, datasets: deps.store.listDatasets() }),
  )

  // Sanity accepts any API version segment: v1, v2021-06-07, vX …
  const api = new Hono<LakeEnv>()
  api.get('/ping', (c) => c.text('PONG'))
  api.route('/data/query', queryRoutes(deps))
  api.route('/data/doc', docRoutes(deps))
  api.route('/data/mutate', mutateRoutes(deps))
  api.route('/assets', assetRoutes(deps))
  app.route('/:apiVersion{v[^/]+}', api)

  app.route('/images', imageRoutes(deps))
  app.route('/files', fileRoutes(deps))

  app.notFound((c) => {
    const { body, status } = httpError(404, 'Not Found')
    return c.json(body, status)
  })
  app.onError((error, c) => {
    if (error instanceof LakeError) return c.json(error.body, error.status)
    logError(error)
    return c.json(
      {
        statusCode: 500,
        error: 'Internal Server Error',
        message: 'An internal server error occurred',
      },
      500,
    )
  })
  return app
}
