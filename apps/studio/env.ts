import { z } from 'zod'

// This module runs in the Studio bundle, whose CSP allows no eval: zod would otherwise probe for
// `new Function` (a CSP violation in the console) to compile its object parsers.
z.config({ jitless: true })

/**
 * The Studio's configuration, parsed once. Sanity inlines `SANITY_STUDIO_*` variables into the
 * bundle at build time, so nothing secret may live here: editors sign in at runtime.
 *
 * Local mode (the default, project id `local`) talks to the lake at `SANITY_STUDIO_API_HOST`;
 * any other project id talks to Sanity's hosted API unless an API host is given explicitly.
 */
const envSchema = z
  .object({
    SANITY_STUDIO_PROJECT_ID: z.string().min(1).default('local'),
    SANITY_STUDIO_DATASET: z.string().min(1).default('production'),
    SANITY_STUDIO_API_HOST: z.url().optional(),
    /** The site the Presentation tool previews (in draft mode). */
    SANITY_STUDIO_PREVIEW_URL: z.url().default('http://localhost:3000'),
  })
  .transform((env) => ({
    ...env,
    lakeUrl:
      env.SANITY_STUDIO_API_HOST ??
      (env.SANITY_STUDIO_PROJECT_ID === 'local' ? 'http://localhost:3210' : undefined),
  }))

export const env = envSchema.parse({
  SANITY_STUDIO_PROJECT_ID: process.env.SANITY_STUDIO_PROJECT_ID,
  SANITY_STUDIO_DATASET: process.env.SANITY_STUDIO_DATASET,
  SANITY_STUDIO_API_HOST: process.env.SANITY_STUDIO_API_HOST || undefined,
  SANITY_STUDIO_PREVIEW_URL: process.env.SANITY_STUDIO_PREVIEW_URL || undefined,
})
