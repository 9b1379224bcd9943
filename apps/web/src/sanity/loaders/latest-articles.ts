import 'server-only'

import { cache } from 'react'

import { articlePageQuery, articlePageResult } from '@repo/queries/queries'
import { HOME_PAGE_SIZE } from '@repo/queries/page-sizes'

import { pageWindow } from '@/lib/pagination'

import { cacheTags } from '@/sanity/cache-tags'
import { sanityFetch } from '@/sanity/fetch'

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
