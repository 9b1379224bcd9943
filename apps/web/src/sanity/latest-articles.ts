import 'server-only'

import { cache } from 'react'

import { pageWindow } from '@/lib/pagination'

import { cacheTags } from './cache-tags'
import { sanityFetch } from './fetch'
import { articlePageQuery, articlePageResult } from './queries'

/** Stories per page of the home list. */
export const HOME_PAGE_SIZE = 10

/** One page of the newest articles; once per request (`generateMetadata` and the page share it). */
export const loadArticlePage = cache((page: number) => {
  const { start, end } = pageWindow(page, HOME_PAGE_SIZE)
  return sanityFetch({
    query: articlePageQuery,
    params: { start, end },
    parser: articlePageResult,
    tags: [cacheTags.articles],
    preview: true,
  })
})
