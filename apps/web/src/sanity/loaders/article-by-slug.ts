import 'server-only'

import { cache } from 'react'

import { articleBySlugQuery, articleBySlugResult } from '@repo/queries/queries'

import { cacheTags } from '@/sanity/cache-tags'
import { sanityFetch } from '@/sanity/fetch'

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
