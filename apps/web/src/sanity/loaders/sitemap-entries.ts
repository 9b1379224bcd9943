import 'server-only'

import { SITEMAP_LIMIT } from '@repo/queries/page-sizes'
import { sitemapQuery, sitemapResult } from '@repo/queries/queries'

import { cacheTags } from '@/sanity/cache-tags'
import { sanityFetch } from '@/sanity/fetch'

/** Addresses and last changes of the articles (newest first) and tags, for the sitemap. */
export function loadSitemapEntries() {
  return sanityFetch({
    query: sitemapQuery,
    params: { limit: SITEMAP_LIMIT },
    parser: sitemapResult,
    tags: [cacheTags.articles, cacheTags.tags],
  })
}
