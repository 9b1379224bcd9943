import 'server-only'

import { revalidationTargetsQuery, revalidationTargetsResult } from '@repo/queries/queries'

import { sanityFetch } from '@/sanity/fetch'

/** What a changed document touches (tag slugs, referencing articles), read fresh, never cached. */
export function loadRevalidationTargets(id: string, tagIds: string[]) {
  return sanityFetch({
    query: revalidationTargetsQuery,
    params: { id, tagIds },
    parser: revalidationTargetsResult,
    tags: [],
  })
}
