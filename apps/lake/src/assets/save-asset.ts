import type { LakeDeps } from '../deps.ts'
import { applyMutations } from '../mutations/apply-mutations.ts'
import { newTransactionId } from '../mutations/transaction-id.ts'
import type { SanityDocument } from '../store/store.ts'

/**
 * Commits an asset document unless one with the same id (same content hash) exists, and returns
 * the stored document — uploading the same bytes twice yields the same asset.
 */
export async function saveAsset(
  deps: Pick<LakeDeps, 'store' | 'projectId' | 'queryTimeoutMs'>,
  dataset: string,
  asset: SanityDocument,
  author: string,
): Promise<SanityDocument> {
  return deps.store.write(dataset, async (snapshot) => {
    const existing = snapshot.get(asset._id)
    if (existing) return { commits: [], result: existing }
    const transactionId = newTransactionId()
    const timestamp = new Date().toISOString()
    const mutations = [{ kind: 'createIfNotExists' as const, document: asset }]
    const applied = await applyMutations(snapshot, mutations, {
      transactionId,
      timestamp,
      projectId: deps.projectId,
      dataset,
      queryTimeoutMs: deps.queryTimeoutMs,
    })
    const stored = applied.overlay.get(asset._id) ?? asset
    return {
      commits: [
        {
          transactionId,
          timestamp,
          author,
          mutations: [{ createIfNotExists: asset }],
          changes: applied.changes,
        },
      ],
      result: stored,
    }
  })
}
