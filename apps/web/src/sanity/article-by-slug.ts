import 'server-only'

import { cache } from 'react'

import { cacheTags } from './cache-tags'
import { sanityFetch } from './fetch'
import { articleBySlugQuery, articleBySlugResult } from './queries'

/**
 * One published article by slug, cached under its own tag; null when there is none. Once per
 * request: `generateMetadata` and the page ask for the same article.
 */
export const loadArticle = cache((slug: string) =>
  sanityFetch({
    query: articleBySlugQuery,
    params: { slug },
    parser: articleBySlugResult,
    tags: [cacheTags.article(slug)],
    preview: true,
  }),
)
