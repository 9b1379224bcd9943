import { createClient } from '@sanity/client'
import type { ClientConfig, SanityClient } from '@sanity/client'

/**
 * The official client on a test lake, configured as the Studio and the site configure it for a
 * local lake (`useProjectHostname: false`, no CDN); `options` override, e.g. a dataset or no token.
 */
export function lakeClient(apiHost: string, options: ClientConfig = {}): SanityClient {
  return createClient({
    projectId: 'local',
    dataset: 'production',
    apiHost,
    useProjectHostname: false,
    apiVersion: '2025-02-19',
    useCdn: false,
    ...options,
  })
}
