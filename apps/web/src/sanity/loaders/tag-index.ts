import 'server-only'

import { tagIndexQuery, tagIndexResult } from '@repo/queries/queries'

import { cacheTags } from '@/sanity/cache-tags'
import { sanityFetch } from '@/sanity/fetch'

/** Every tag with its published article count, alphabetically; drafts in an editor's preview. */
export function loadTagIndex() {
  return sanityFetch({
    query: tagIndexQuery,
    parser: tagIndexResult,
    tags: [cacheTags.tags, cacheTags.articles],
    preview: true,
  })
}
