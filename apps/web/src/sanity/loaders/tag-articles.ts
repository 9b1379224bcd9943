import 'server-only'

import { cache } from 'react'

import { TAG_PAGE_SIZE } from '@repo/queries/page-sizes'
import { tagWithArticlesQuery, tagWithArticlesResult } from '@repo/queries/queries'

import { pageWindow } from '@/lib/pagination'

import { cacheTags } from '@/sanity/cache-tags'
import { sanityFetch } from '@/sanity/fetch'

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
