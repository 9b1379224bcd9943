import type { Store } from '../store/store.ts'
import { isReleaseDocument, releaseDocumentPrefix } from './release-ids.ts'

/**
 * What `/features` lists: the Studio turns the Releases tool on with `contentReleases` and
 * Scheduled Drafts (single-document releases) with `singleDocRelease`; the lake implements both.
 */
export const lakeFeatures = ['contentReleases', 'singleDocRelease']

/** Releases not yet published or archived, which Sanity's plans count against their limits. */
function activeReleaseCount(store: Store): number {
  let count = 0
  for (const dataset of store.listDatasets()) {
    for (const doc of store.snapshot(dataset).documents()) {
      if (!doc._id.startsWith(releaseDocumentPrefix) || !isReleaseDocument(doc)) continue
      if (doc.state !== 'archived' && doc.state !== 'published') count++
    }
  }
  return count
}

/**
 * `GET /projects/:id/new-content-release-allowed`, in the shape the Studio's release-limit guard
 * reads: the lake has no plan, so no organisation limit (`null`) and no dataset limit short of
 * the largest count JSON carries exactly.
 */
export function releaseLimits(store: Store) {
  const count = activeReleaseCount(store)
  return {
    data: {
      orgActiveReleaseCount: count,
      orgMeteredActiveReleaseCount: count,
      orgActiveReleaseLimit: null,
      defaultOrgActiveReleaseLimit: null,
      datasetReleaseLimit: Number.MAX_SAFE_INTEGER,
    },
  }
}
