import 'server-only'

import { FEED_LIMIT } from '@repo/queries/page-sizes'
import { latestArticlesQuery, latestArticlesResult } from '@repo/queries/queries'

import { cacheTags } from '@/sanity/cache-tags'
import { sanityFetch } from '@/sanity/fetch'

/** The newest articles for the RSS feed. */
export function loadFeedArticles() {
  return sanityFetch({
    query: latestArticlesQuery,
    params: { limit: FEED_LIMIT },
    parser: latestArticlesResult,
    tags: [cacheTags.articles],
  })
}
