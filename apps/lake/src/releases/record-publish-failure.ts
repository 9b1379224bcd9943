import { LakeError } from '../http/errors.ts'
import { newTransactionId } from '../mutations/transaction-id.ts'
import { expectCommit } from '../references/referrer-index.ts'
import type { Store } from '../store/store.ts'
import type { ReleaseDocument } from './release-ids.ts'
import { isReleaseDocument, releaseDocumentId } from './release-ids.ts'

/** What an editor should read: the per-action causes when the refusal lists them. */
export function failureMessage(error: unknown): string {
  if (error instanceof LakeError) {
    const { items } = (error.body.error ?? {}) as { items?: { error?: { description?: string } }[] }
    const causes = (items ?? []).map((item) => item.error?.description).filter(Boolean)
    if (causes.length > 0) return causes.join('; ')
  }
  return error instanceof Error ? error.message : String(error)
}

/**
 * A scheduled release that could not publish goes back to `active` with `error.message`, as on
 * Sanity: the Studio shows a failed release that way ("Failed to publish"/"schedule" with the
 * details) and the editor can fix its versions, which a `scheduled` release would keep locked.
 */
export async function recordScheduledPublishFailure(
  store: Store,
  dataset: string,
  releaseId: string,
  message: string,
): Promise<void> {
  const id = releaseDocumentId(releaseId)
  const transactionId = newTransactionId()
  const timestamp = new Date().toISOString()
  await store.write(dataset, (snapshot) => {
    const before = snapshot.get(id)
    if (!isReleaseDocument(before) || before.state !== 'scheduled') {
      return Promise.resolve({ commits: [], result: undefined })
    }
    const after: ReleaseDocument = {
      ...before,
      state: 'active',
      error: { message },
      _updatedAt: timestamp,
      _rev: transactionId,
    }
    delete after.publishAt
    const changes = [{ id, before, after }]
    expectCommit(store, dataset, snapshot, transactionId, changes)
    const commit = {
      transactionId,
      timestamp,
      author: 'scheduler',
      mutations: [{ createOrReplace: after }],
      changes,
    }
    return Promise.resolve({ commits: [commit], result: undefined })
  })
}
