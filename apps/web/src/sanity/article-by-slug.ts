import 'server-only'

import { cacheTags } from './cache-tags'
import { sanityFetch } from './fetch'
import { articleBySlugQuery, articleBySlugResult } from './queries'

/** One published article by slug, cached under its own tag; null when there is none. */
export function loadArticle(slug: string) {
  return sanityFetch({
    query: articleBySlugQuery,
    params: { slug },
    parser: articleBySlugResult,
    tags: [cacheTags.article(slug)],
    preview: true,
  })
}
