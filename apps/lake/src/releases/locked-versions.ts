import { mutationError } from '../http/errors.ts'
import type { Overlay } from '../mutations/overlay.ts'
import type { DocumentChange, DocumentLookup } from '../store/store.ts'
import { isReleaseDocument, releaseDocumentId, releaseIdOfVersion } from './release-ids.ts'

/**
 * A scheduled release is locked: no mutation may change its versions until it is unscheduled
 * (the actions API checks the same per action). `base` is the state before the transaction.
 */
export function refuseChangesToScheduledReleases(
  base: DocumentLookup,
  overlay: Overlay,
  changes: readonly DocumentChange[],
): void {
  for (const { id } of changes) {
    const releaseId = releaseIdOfVersion(id)
    if (releaseId === undefined) continue
    const release = base.get(releaseDocumentId(releaseId))
    if (!isReleaseDocument(release) || release.state !== 'scheduled') continue
    throw mutationError(
      409,
      {
        type: 'releaseLockedError',
        description: `"${id}" belongs to release "${releaseId}", which is scheduled and cannot be changed`,
        id,
      },
      overlay.indexOf(id),
    )
  }
}
