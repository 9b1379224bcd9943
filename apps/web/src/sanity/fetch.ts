import 'server-only'

import type { QueryParams } from '@sanity/client'
import type { z } from 'zod'

import { client } from './client'

/**
 * Safety net only, the same as the pages' `revalidate`: publishing will revalidate the affected
 * cache tags at once.
 */
const REVALIDATE_SECONDS = 60

interface FetchOptions<Parser extends z.ZodType> {
  query: string
  params?: QueryParams
  parser: Parser
  /** Cache tags naming what the answer depends on (see cache-tags.ts); none means uncached. */
  tags: string[]
}

/**
 * The site's only way to read content: runs a query through Next's data cache, tagged so that a
 * publish can revalidate exactly what changed, and parses the answer before any component sees it.
 */
export async function sanityFetch<Parser extends z.ZodType>({
  query,
  params = {},
  parser,
  tags,
}: FetchOptions<Parser>): Promise<z.output<Parser>> {
  const result = await client.fetch<unknown>(
    query,
    params,
    tags.length > 0 ? { next: { revalidate: REVALIDATE_SECONDS, tags } } : { cache: 'no-store' },
  )
  return parser.parse(result)
}
