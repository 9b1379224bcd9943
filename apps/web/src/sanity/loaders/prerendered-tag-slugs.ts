import 'server-only'

import { PRERENDERED_TAGS } from '@repo/queries/page-sizes'
import { tagSlugsQuery, tagSlugsResult } from '@repo/queries/queries'

import { cacheTags } from '@/sanity/cache-tags'
import { sanityFetch } from '@/sanity/fetch'

/** The tag slugs prerendered at build; tags beyond these render on first request. */
export function prerenderedTagSlugs(): Promise<string[]> {
  return sanityFetch({
    query: tagSlugsQuery,
    params: { limit: PRERENDERED_TAGS },
    parser: tagSlugsResult,
    tags: [cacheTags.tags],
  })
}
