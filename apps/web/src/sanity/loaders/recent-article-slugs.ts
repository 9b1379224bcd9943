import 'server-only'

import { PRERENDERED_ARTICLES } from '@repo/queries/page-sizes'
import { articleSlugsQuery, articleSlugsResult } from '@repo/queries/queries'

import { cacheTags } from '@/sanity/cache-tags'
import { sanityFetch } from '@/sanity/fetch'

/** The newest articles' slugs, prerendered at build; older ones render on first request. */
export function recentArticleSlugs(): Promise<string[]> {
  return sanityFetch({
    query: articleSlugsQuery,
    params: { limit: PRERENDERED_ARTICLES },
    parser: articleSlugsResult,
    tags: [cacheTags.articles],
  })
}
