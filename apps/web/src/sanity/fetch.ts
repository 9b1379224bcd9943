import 'server-only'

import type { QueryParams } from '@sanity/client'
import { cookies, draftMode } from 'next/headers'
import { resolvePerspectiveFromCookies } from 'next-sanity/live'
import type { z } from 'zod'

import { client, previewClient } from './client'
import { reportLakeUnreachable } from './lake-outage'
import { isUnreachable } from './lake-unreachable'

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
  /**
   * Read drafts when the request is in draft mode. Only for code rendering a page for a request;
   * `generateStaticParams`, feeds and sitemaps always read what readers see.
   */
  preview?: boolean
}

/**
 * The site's only way to read content: runs a query through Next's data cache, tagged so that a
 * publish can revalidate exactly what changed, and parses the answer before any component sees it.
 * In draft mode (an editor's preview) it reads drafts, or the release the editor previews,
 * uncached, instead.
 */
export async function sanityFetch<Parser extends z.ZodType>({
  query,
  params = {},
  parser,
  tags,
  preview = false,
}: FetchOptions<Parser>): Promise<z.output<Parser>> {
  if (preview && previewClient && (await draftMode()).isEnabled) {
    // The perspective the Presentation tool picked (drafts, or a release stacked on drafts), kept
    // by next-sanity's <VisualEditing /> in the `sanity-preview-perspective` cookie.
    const perspective = await resolvePerspectiveFromCookies({ cookies: await cookies() })
    return parser.parse(
      await previewClient.fetch<unknown>(query, params, { cache: 'no-store', perspective }),
    )
  }
  const result = await client
    .fetch<unknown>(
      query,
      params,
      tags.length > 0 ? { next: { revalidate: REVALIDATE_SECONDS, tags } } : { cache: 'no-store' },
    )
    .catch((error: unknown) => {
      if (isUnreachable(error)) reportLakeUnreachable()
      throw error
    })
  return parser.parse(result)
}
