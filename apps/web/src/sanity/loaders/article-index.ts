import 'server-only'

import { LLMS_LIMIT } from '@repo/queries/page-sizes'
import { articleIndexQuery, articleIndexResult } from '@repo/queries/queries'

import { cacheTags } from '@/sanity/cache-tags'
import { sanityFetch } from '@/sanity/fetch'

/** Title, slug and summary of every published article, newest first, for llms.txt. */
export function loadArticleIndex() {
  return sanityFetch({
    query: articleIndexQuery,
    params: { limit: LLMS_LIMIT },
    parser: articleIndexResult,
    tags: [cacheTags.articles],
  })
}
