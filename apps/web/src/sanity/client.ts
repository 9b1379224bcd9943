import { createClient } from '@sanity/client'

import { env } from '@/env'

/**
 * The one Sanity client of the site: published content only, no CDN (Next's cache is the cache and
 * on-demand revalidation needs fresh answers). Against the local lake it addresses the lake by path.
 */
export const client = createClient({
  projectId: env.projectId,
  dataset: env.dataset,
  apiVersion: env.apiVersion,
  useCdn: false,
  perspective: 'published',
  ...(env.hosted ? {} : { apiHost: env.apiHost, useProjectHostname: false }),
})
