import { z } from 'zod'

/**
 * The site's configuration, parsed once (next.config imports this, so a bad value fails the build).
 * The local lake is the default; hosted Sanity is chosen by env alone:
 * SANITY_API_HOST=https://api.sanity.io plus a real project id.
 */
const HOSTED_API = 'https://api.sanity.io'

const envSchema = z
  .object({
    NEXT_PUBLIC_SANITY_PROJECT_ID: z.string().min(1).default('local'),
    NEXT_PUBLIC_SANITY_DATASET: z.string().min(1).default('production'),
    NEXT_PUBLIC_SANITY_API_VERSION: z.string().min(1).default('2025-02-19'),
    SANITY_API_HOST: z.url().default('http://127.0.0.1:3210'),
    /** Where browsers fetch images; the lake's own URL unless it sits behind another host. */
    NEXT_PUBLIC_SANITY_IMAGE_HOST: z.url().optional(),
    SITE_URL: z.url().default('http://localhost:3000'),
  })
  .transform((env) => {
    const hosted = new URL(env.SANITY_API_HOST).origin === HOSTED_API
    return {
      projectId: env.NEXT_PUBLIC_SANITY_PROJECT_ID,
      dataset: env.NEXT_PUBLIC_SANITY_DATASET,
      apiVersion: env.NEXT_PUBLIC_SANITY_API_VERSION,
      apiHost: env.SANITY_API_HOST.replace(/\/+$/, ''),
      hosted,
      imageHost: (
        env.NEXT_PUBLIC_SANITY_IMAGE_HOST ??
        (hosted ? 'https://cdn.sanity.io' : env.SANITY_API_HOST)
      ).replace(/\/+$/, ''),
      siteUrl: env.SITE_URL.replace(/\/+$/, ''),
    }
  })

const blankToUndefined = (value: string | undefined) => (value === '' ? undefined : value)

export const env = envSchema.parse({
  NEXT_PUBLIC_SANITY_PROJECT_ID: blankToUndefined(process.env.NEXT_PUBLIC_SANITY_PROJECT_ID),
  NEXT_PUBLIC_SANITY_DATASET: blankToUndefined(process.env.NEXT_PUBLIC_SANITY_DATASET),
  NEXT_PUBLIC_SANITY_API_VERSION: blankToUndefined(process.env.NEXT_PUBLIC_SANITY_API_VERSION),
  SANITY_API_HOST: blankToUndefined(process.env.SANITY_API_HOST),
  NEXT_PUBLIC_SANITY_IMAGE_HOST: blankToUndefined(process.env.NEXT_PUBLIC_SANITY_IMAGE_HOST),
  SITE_URL: blankToUndefined(process.env.SITE_URL),
})
