import 'server-only'

import { SIMILAR_LIMIT } from '@repo/queries/page-sizes'
import { relatedArticlesQuery, relatedArticlesResult } from '@repo/queries/queries'
import type { Article } from '@repo/queries/results'

import { cacheTags } from '@/sanity/cache-tags'
import { sanityFetch } from '@/sanity/fetch'

/**
 * The articles sharing most tags with this one. Any article sharing a tag can change this list,
 * and publishing one revalidates its tags.
 */
export function loadSimilarArticles(article: Article) {
  return sanityFetch({
    query: relatedArticlesQuery,
    params: { id: article._id, tagIds: article.tags.map((tag) => tag._id), limit: SIMILAR_LIMIT },
    parser: relatedArticlesResult,
    tags: [cacheTags.article(article.slug), ...article.tags.map((tag) => cacheTags.tag(tag.slug))],
    preview: true,
  })
}
