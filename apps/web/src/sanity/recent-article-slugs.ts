import 'server-only'

import { cacheTags } from './cache-tags'
import { sanityFetch } from './fetch'
import { articleSlugsQuery, articleSlugsResult } from './queries'

/** How many of the newest articles are prerendered at build; older ones render on first request. */
const PRERENDER_LIMIT = 50

export function recentArticleSlugs(): Promise<string[]> {
  return sanityFetch({
    query: articleSlugsQuery,
    params: { limit: PRERENDER_LIMIT },
    parser: articleSlugsResult,
    tags: [cacheTags.articles],
  })
}
