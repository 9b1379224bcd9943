import { z } from 'zod'

/**
 * The Studio's configuration, parsed once. Sanity inlines `SANITY_STUDIO_*` variables into the
 * bundle at build time, so nothing secret may live here.
 */
const envSchema = z.object({
  SANITY_STUDIO_PROJECT_ID: z.string().min(1).default('local'),
  SANITY_STUDIO_DATASET: z.string().min(1).default('production'),
})

export const env = envSchema.parse({
  SANITY_STUDIO_PROJECT_ID: process.env.SANITY_STUDIO_PROJECT_ID,
  SANITY_STUDIO_DATASET: process.env.SANITY_STUDIO_DATASET,
})
