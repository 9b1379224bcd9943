import { z } from 'zod'

/**
 * The site's configuration: the only module that reads `process.env`, parsed once. next.config
 * imports it, so a bad value fails the build rather than the first request.
 *
 * The local lake is the default. Hosted Sanity is chosen by env alone: SANITY_API_HOST set to
 * `https://api.sanity.io`, `hosted` or the empty string, plus a real project id.
 */
const HOSTED_API = 'https://api.sanity.io'
const HOSTED_CDN = 'https://cdn.sanity.io'
const LOCAL_LAKE = 'http://127.0.0.1:3210'

/** A DNS name, an IPv4 address or a bracketed IPv6 address: what a Host header names. */
const hostName = /^([a-z0-9-]+(\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])$/
/** Names only this machine can be reached by; no other site can make a browser send them. */
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]']

const withoutTrailingSlash = (url: string) => url.replace(/\/+$/, '')

// An empty value means "not set" for every variable but SANITY_API_HOST, where it means hosted.
const unlessBlank = <Schema extends z.ZodType>(schema: Schema) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema)
const httpUrl = () => z.url({ protocol: /^https?$/ })

const envSchema = z
  .object({
    NEXT_PUBLIC_SANITY_PROJECT_ID: unlessBlank(
      z
        .string()
        .regex(/^[a-z0-9-]+$/)
        .default('local'),
    ),
    NEXT_PUBLIC_SANITY_DATASET: unlessBlank(
      z
        .string()
        .regex(/^[a-z0-9_-]+$/)
        .default('production'),
    ),
    NEXT_PUBLIC_SANITY_API_VERSION: unlessBlank(
      z
        .string()
        .regex(/^(\d{4}-\d{2}-\d{2}|1|X)$/, 'a date like 2025-02-19')
        .default('2025-02-19'),
    ),
    SANITY_API_HOST: z.union([z.literal(''), z.literal('hosted'), httpUrl()]).default(LOCAL_LAKE),
    /** Where browsers fetch images from, when not the lake itself (or cdn.sanity.io when hosted). */
    NEXT_PUBLIC_SANITY_IMAGE_HOST: unlessBlank(httpUrl().optional()),
    /** Lets the site read a private dataset; only server-only modules may touch it. */
    SANITY_API_READ_TOKEN: unlessBlank(z.string().optional()),
    /** Signs the lake's (or Sanity's) webhook calls to /api/revalidate; unset, the route is off. */
    SANITY_REVALIDATE_SECRET: unlessBlank(z.string().min(16).optional()),
    SITE_URL: unlessBlank(httpUrl().default('http://localhost:3000')),
    /**
     * Further host names the site answers to besides SITE_URL's and the loopback names, comma
     * separated (`www.example.com,example.com`); any other Host header is refused (server.ts).
     */
    SITE_HOSTS: unlessBlank(
      z
        .string()
        .transform((value) =>
          value
            .split(',')
            .map((name) => name.trim().toLowerCase())
            .filter(Boolean),
        )
        .pipe(z.array(z.string().regex(hostName, 'host names without scheme or port')))
        .default([]),
    ),
    /** The Studio editors preview from: click-to-edit links point there, and only it may frame the site. */
    SANITY_STUDIO_URL: unlessBlank(httpUrl().default('http://localhost:3333')),
    /**
     * One Redis shared by several `next start` instances: set at build time, the ISR and data
     * cache live there (src/cache/redis-cache-handler.mjs, which reads it again at run time).
     */
    REDIS_URL: unlessBlank(z.url({ protocol: /^rediss?$/ }).optional()),
    /**
     * A caching proxy's purge endpoint (nginx with ngx_cache_purge, README "Production"): after a
     * publish the webhook sends `PURGE <url><path>` for each stale page; unset, nothing is sent.
     */
    CACHE_PURGE_URL: unlessBlank(httpUrl().optional()),
    /** The port server.ts listens on. */
    PORT: unlessBlank(z.coerce.number().int().min(1).max(65_535).default(3000)),
    /** Where `next build` writes and `next start` reads the build (a second build beside the first). */
    NEXT_DIST_DIR: unlessBlank(z.string().default('.next')),
    /** Set by `next build` in its workers; the site needs it to tell prerendering from requests. */
    NEXT_PHASE: unlessBlank(z.string().optional()),
  })
  .transform((env) => {
    const hosted =
      env.SANITY_API_HOST === '' ||
      env.SANITY_API_HOST === 'hosted' ||
      new URL(env.SANITY_API_HOST).origin === HOSTED_API
    const apiHost = hosted ? HOSTED_API : withoutTrailingSlash(env.SANITY_API_HOST)
    return {
      projectId: env.NEXT_PUBLIC_SANITY_PROJECT_ID,
      dataset: env.NEXT_PUBLIC_SANITY_DATASET,
      apiVersion: env.NEXT_PUBLIC_SANITY_API_VERSION,
      hosted,
      apiHost,
      // The lake serves images under the same path scheme as Sanity's CDN.
      imageHost: withoutTrailingSlash(
        env.NEXT_PUBLIC_SANITY_IMAGE_HOST ?? (hosted ? HOSTED_CDN : apiHost),
      ),
      readToken: env.SANITY_API_READ_TOKEN,
      revalidateSecret: env.SANITY_REVALIDATE_SECRET,
      siteUrl: withoutTrailingSlash(env.SITE_URL),
      allowedHosts: [
        ...new Set([new URL(env.SITE_URL).hostname, ...env.SITE_HOSTS, ...LOOPBACK_HOSTS]),
      ],
      studioUrl: withoutTrailingSlash(env.SANITY_STUDIO_URL),
      redisUrl: env.REDIS_URL,
      cachePurgeUrl: env.CACHE_PURGE_URL,
      port: env.PORT,
      distDir: env.NEXT_DIST_DIR,
      isBuild: env.NEXT_PHASE === 'phase-production-build',
    }
  })
  .refine((env) => !env.hosted || env.projectId !== 'local', {
    message: 'hosted Sanity needs NEXT_PUBLIC_SANITY_PROJECT_ID set to a real project id',
    path: ['NEXT_PUBLIC_SANITY_PROJECT_ID'],
  })

export type Env = z.output<typeof envSchema>

/** Exported for the tests; the site uses `env`. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source)
  if (!result.success) {
    throw new Error(`Invalid environment for apps/web:\n${z.prettifyError(result.error)}`)
  }
  return result.data
}

// Each variable is named in full so Next can inline the NEXT_PUBLIC_ ones; the token is not
// NEXT_PUBLIC_, so Next never puts it in a browser bundle even if this module ends up in one.
export const env = parseEnv({
  NEXT_PUBLIC_SANITY_PROJECT_ID: process.env.NEXT_PUBLIC_SANITY_PROJECT_ID,
  NEXT_PUBLIC_SANITY_DATASET: process.env.NEXT_PUBLIC_SANITY_DATASET,
  NEXT_PUBLIC_SANITY_API_VERSION: process.env.NEXT_PUBLIC_SANITY_API_VERSION,
  SANITY_API_HOST: process.env.SANITY_API_HOST,
  NEXT_PUBLIC_SANITY_IMAGE_HOST: process.env.NEXT_PUBLIC_SANITY_IMAGE_HOST,
  SANITY_API_READ_TOKEN: process.env.SANITY_API_READ_TOKEN,
  SANITY_REVALIDATE_SECRET: process.env.SANITY_REVALIDATE_SECRET,
  SITE_URL: process.env.SITE_URL,
  SITE_HOSTS: process.env.SITE_HOSTS,
  SANITY_STUDIO_URL: process.env.SANITY_STUDIO_URL,
  REDIS_URL: process.env.REDIS_URL,
  CACHE_PURGE_URL: process.env.CACHE_PURGE_URL,
  PORT: process.env.PORT,
  NEXT_DIST_DIR: process.env.NEXT_DIST_DIR,
  NEXT_PHASE: process.env.NEXT_PHASE,
})
