// The client carries the read token, so it must never reach a browser bundle.
import 'server-only'

import { createClient } from '@sanity/client'

import { env } from '@/env'

/**
 * The one Sanity client of the site: published content only, never the API CDN (Next's data cache
 * is the cache, and on-demand revalidation by tag needs fresh answers). Hosted Sanity is addressed
 * by project hostname as usual; the local lake serves every project under its own origin.
 */
export const client = createClient({
  projectId: env.projectId,
  dataset: env.dataset,
  apiVersion: env.apiVersion,
  useCdn: false,
  perspective: 'published',
  token: env.readToken,
  ...(env.hosted
    ? { useProjectHostname: true }
    : { apiHost: env.apiHost, useProjectHostname: false }),
})

/**
 * Draft mode's client: drafts overlaid on published content, read with the server's token, and
 * strings stega-encoded with where they came from so the Studio's overlays can open the field.
 * Undefined without a token, which turns previews off.
 */
export const previewClient = env.readToken
  ? client.withConfig({
      token: env.readToken,
      perspective: 'drafts',
      stega: { enabled: true, studioUrl: env.studioUrl },
    })
  : undefined
