import 'server-only'

import { SEARCH_PAGE_SIZE } from '@repo/queries/page-sizes'
import { searchQuery, searchResult } from '@repo/queries/queries'

import { pageWindow } from '@/lib/pagination'
import { sanityFetch } from '@/sanity/fetch'
import { matchPatterns } from '@/search/search-terms'

/** One page of the published articles holding every one of the reader's words, best first. */
export function loadSearchResults(words: string[], page: number) {
  const { start, end } = pageWindow(page, SEARCH_PAGE_SIZE)
  return sanityFetch({
    query: searchQuery,
    params: { terms: matchPatterns(words), start, end },
    parser: searchResult,
    // Every search is fresh: caching endless queries would only fill the cache.
    tags: [],
  })
}
