import { availableParallelism } from 'node:os'
import path from 'node:path'
import { z } from 'zod'
import { defaultCorsOrigins } from './http/cors.ts'
import { defaultImageCacheMb } from './images/variant-cache.ts'
import { readWebhooks } from './webhooks/webhook-config.ts'
import type { WebhookDefinition } from './webhooks/webhook-config.ts'

// apps/lake/src → repository root; the default data directory lives at `<repo>/.data/lake`.
const repoRoot = path.resolve(import.meta.dirname, '../../..')

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional()

/** A comma-separated list of URLs, each reduced to its origin (`http://host:port`). */
function originList(fallback: string) {
  return (
    z
      .string()
      .default(fallback)
      .transform((value) =>
        value
          .split(',')
          .map((origin) => origin.trim())
          .filter(Boolean),
      )
      // http(s) only: `localhost:3000` parses as a URL of scheme "localhost:" with origin "null".
      .pipe(z.array(z.url({ protocol: /^https?$/ })))
      .transform((urls) => urls.map((url) => new URL(url).origin))
  )
}

const schema = z.object({
  LAKE_PORT: z.coerce.number().int().min(0).max(65_535).default(3210),
  LAKE_HOST: z.string().trim().min(1).default('127.0.0.1'),
  LAKE_DATA_DIR: optionalString,
  LAKE_DATASETS: z
    .string()
    .default('production')
    .transform((value) =>
      value
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'invalid dataset name')).min(1)),
  LAKE_PROJECT_ID: z
    .string()
    .regex(/^[a-z0-9-]+$/, 'project id may only contain a-z, 0-9 and -')
    .default('local'),
  LAKE_PUBLIC_URL: z.url().optional(),
  /** Host names besides loopback and the public URL's that requests may name (comma-separated). */
  LAKE_ALLOWED_HOSTS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((name) => name.trim().toLowerCase())
        .filter(Boolean),
    )
    .pipe(
      z.array(z.string().regex(/^([a-z0-9.-]+|\[[0-9a-f:.]+\])$/, 'a host name, without port')),
    ),
  LAKE_URL: z.url({ protocol: /^https?$/ }).optional(),
  LAKE_QUERY_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** GROQ worker threads (see src/query-pool/query-pool.ts); 0 evaluates every query inline. */
  LAKE_QUERY_WORKERS: z.coerce.number().int().min(0).max(64).default(availableParallelism()),
  /**
   * Threads answering queries on the main port beside the main thread (src/front-threads); 0: the
   * main thread alone. They share the port by SO_REUSEPORT, which only Linux spreads this way.
   */
  LAKE_HTTP_THREADS: z.coerce
    .number()
    .int()
    .min(0)
    .max(64)
    .default(process.platform === 'linux' ? availableParallelism() - 1 : 0),
  LAKE_IMAGE_CACHE_MB: z.coerce.number().min(0).default(defaultImageCacheMb),
  LAKE_LISTEN_POOL: z.coerce.number().int().min(0).max(64).default(8),
  LAKE_SEED: optionalString,
  LAKE_LOCAL_LOGIN: z
    .enum(['true', 'false', '1', '0'])
    .default('true')
    .transform((value) => value === 'true' || value === '1'),
  LAKE_STUDIO_ORIGINS: originList('http://localhost:3333,http://127.0.0.1:3333'),
  LAKE_CORS_ORIGINS: originList(defaultCorsOrigins.join(',')),
  /** A JSON file listing GROQ-powered webhooks (see src/webhooks/webhook-config.ts). */
  LAKE_WEBHOOKS: optionalString,
  /** The URL and secret of the webhooks that name none of their own. */
  LAKE_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
  LAKE_WEBHOOK_SECRET: optionalString,
  SANITY_API_READ_TOKEN: optionalString,
  SANITY_API_WRITE_TOKEN: optionalString,
})

export interface LakeConfig {
  port: number
  host: string
  dataDir: string
  datasets: string[]
  projectId: string
  /** Base URL written into asset documents; defaults to the listening address. */
  publicUrl: string | undefined
  /** Extra names the `Host` header may carry (LAKE_ALLOWED_HOSTS); see host-names.ts. */
  allowedHosts: string[]
  /** Where `lake dataset import|export` find the running lake (LAKE_URL). */
  url: string
  queryTimeoutMs: number
  /** Worker threads GROQ queries are evaluated on; 0: all on the main thread. */
  queryWorkers: number
  /** Threads that answer queries on the main port too (LAKE_HTTP_THREADS); 0: the main thread. */
  httpThreads: number
  /** Disk space the transformed-image cache may take. */
  imageCacheBytes: number
  /** Extra ports browser listeners are spread over (six open listeners fill one port). */
  listenPool: number
  /** `undefined` = use the `@repo/seed` dataset, `null` = seeding disabled, else a file path. */
  seed: string | null | undefined
  readToken: string | undefined
  writeToken: string | undefined
  /** Sign-in without a password for the Studio origins listed (Sanity's login flow, local provider). */
  login: { enabled: boolean; studioOrigins: string[] }
  /** Browser origins allowed to call the API with credentials; the Studio origins always are. */
  corsOrigins: string[]
  webhooks: WebhookDefinition[]
}

export function readConfig(source: NodeJS.ProcessEnv = process.env): LakeConfig {
  const parsed = schema.safeParse(source)
  if (!parsed.success) {
    throw new Error(`Invalid lake environment:\n${z.prettifyError(parsed.error)}`)
  }
  const env = parsed.data
  return {
    port: env.LAKE_PORT,
    host: env.LAKE_HOST,
    dataDir: path.resolve(env.LAKE_DATA_DIR ?? path.join(repoRoot, '.data/lake')),
    datasets: env.LAKE_DATASETS,
    projectId: env.LAKE_PROJECT_ID,
    publicUrl: env.LAKE_PUBLIC_URL?.replace(/\/+$/, ''),
    allowedHosts: env.LAKE_ALLOWED_HOSTS,
    url: (env.LAKE_URL ?? `http://127.0.0.1:${env.LAKE_PORT}`).replace(/\/+$/, ''),
    queryTimeoutMs: env.LAKE_QUERY_TIMEOUT_MS,
    queryWorkers: env.LAKE_QUERY_WORKERS,
    httpThreads: env.LAKE_HTTP_THREADS,
    imageCacheBytes: Math.round(env.LAKE_IMAGE_CACHE_MB * 1024 * 1024),
    listenPool: env.LAKE_LISTEN_POOL,
    seed: env.LAKE_SEED === 'none' ? null : env.LAKE_SEED && path.resolve(env.LAKE_SEED),
    readToken: env.SANITY_API_READ_TOKEN,
    writeToken: env.SANITY_API_WRITE_TOKEN,
    login: {
      enabled: env.LAKE_LOCAL_LOGIN,
      studioOrigins: env.LAKE_STUDIO_ORIGINS,
    },
    corsOrigins: [...new Set([...env.LAKE_CORS_ORIGINS, ...env.LAKE_STUDIO_ORIGINS])],
    webhooks: readWebhooks(env.LAKE_WEBHOOKS && path.resolve(env.LAKE_WEBHOOKS), {
      url: env.LAKE_WEBHOOK_URL,
      secret: env.LAKE_WEBHOOK_SECRET,
    }),
  }
}
