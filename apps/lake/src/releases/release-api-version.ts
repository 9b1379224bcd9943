import { lakeError } from '../http/errors.ts'

/** The API version that brought Content Releases: release ids and perspective stacks. */
export const releasesApiVersion = '2025-02-19'

/** `v2025-02-19` and later dates, and `vX` (the experimental, newest API); not `v1` or older dates. */
export function supportsReleases(apiVersion: string | undefined): boolean {
  if (apiVersion === 'vX') return true
  const date = /^v(\d{4}-\d{2}-\d{2})$/.exec(apiVersion ?? '')?.[1]
  return date !== undefined && date >= releasesApiVersion
}

// The perspectives every API version takes; anything else is a stack or a release id.
const simplePerspectives = new Set(['raw', 'published', 'drafts', 'previewDrafts'])

/**
 * Sanity answers a release id or a stack (`rX,drafts`, even `drafts,published`) on an API version
 * before 2025-02-19 with 400 "Complex perspectives are not supported for this version", which
 * @sanity/client reports as the whole message (so not in the `{statusCode, error, message}` shape,
 * which it would prefix with "Bad Request - "). The `type` is the lake's own perspective error.
 */
export function refuseComplexPerspective(
  perspective: string | undefined,
  apiVersion: string | undefined,
): void {
  if (perspective === undefined || perspective === '' || simplePerspectives.has(perspective)) return
  if (supportsReleases(apiVersion)) return
  throw lakeError(
    400,
    'invalidPerspectiveError',
    'Complex perspectives are not supported for this version',
  )
}
