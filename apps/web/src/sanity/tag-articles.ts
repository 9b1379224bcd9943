import 'server-only'

import { cache } from 'react'

import { pageWindow } from '@/lib/pagination'

import { cacheTags } from './cache-tags'
import { sanityFetch } from './fetch'
import { tagWithArticlesQuery, tagWithArticlesResult } from './queries'

/** Articles per page of a tag. */
export const TAG_PAGE_SIZE = 20

/** One page of a tag's articles; once per request (`generateMetadata` and the page share it). */
export const loadTagPage = cache((slug: string, page: number) => {
  const { start, end } = pageWindow(page, TAG_PAGE_SIZE)
  return sanityFetch({
    query: tagWithArticlesQuery,
    params: { slug, start, end },
    parser: tagWithArticlesResult,
    tags: [cacheTags.tag(slug)],
    preview: true,
  })
})
