import { z } from 'zod'

import { env as studioEnv } from '../env.ts'

/** Host names every install answers to: this machine's loopback names. */
export const loopbackHosts = ['localhost', '127.0.0.1', '[::1]'] as const

const hostList = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((host) => host.trim().toLowerCase())
      .filter(Boolean),
  )

/**
 * The production Studio server's own settings (not part of the bundle: `env.ts` is, so these live
 * apart). The lake and preview URLs come from `env.ts`, the same values the build inlined.
 */
const serverEnvSchema = z.object({
  SANITY_STUDIO_PORT: z.coerce.number().int().min(0).max(65_535).default(3333),
  /** Loopback by default; `0.0.0.0` or `::` behind a proxy. */
  SANITY_STUDIO_HOST: z.string().trim().min(1).default('127.0.0.1'),
  /** Further host names the Studio answers to (comma-separated), e.g. `studio.example.com`. */
  SANITY_STUDIO_ALLOWED_HOSTS: hostList,
})

export function parseServerEnv(source: NodeJS.ProcessEnv) {
  const env = serverEnvSchema.parse({
    SANITY_STUDIO_PORT: source.SANITY_STUDIO_PORT || undefined,
    SANITY_STUDIO_HOST: source.SANITY_STUDIO_HOST || undefined,
    SANITY_STUDIO_ALLOWED_HOSTS: source.SANITY_STUDIO_ALLOWED_HOSTS,
  })
  return {
    port: env.SANITY_STUDIO_PORT,
    host: env.SANITY_STUDIO_HOST,
    allowedHosts: [...loopbackHosts, ...env.SANITY_STUDIO_ALLOWED_HOSTS],
    lakeUrl: studioEnv.lakeUrl,
    previewUrl: studioEnv.SANITY_STUDIO_PREVIEW_URL,
  }
}

export const serverEnv = parseServerEnv(process.env)
