import type { SanityDocument, Store } from '../store/store.ts'

/** Which past state `/data/history/:dataset/documents/:ids` asks for. */
export type PointInTime =
  | { revision: string }
  | { time: string }
  /** The last state the document had, even if it has been deleted since (restore uses this). */
  | { lastRevision: true }

/**
 * A document as it was, rebuilt from the transaction log (which keeps every document's state
 * after each transaction). `revision` is a transaction id: the state right after it, also for
 * documents that transaction did not touch. Undefined when the document did not exist then.
 */
export function documentAt(
  store: Store,
  dataset: string,
  id: string,
  at: PointInTime,
): SanityDocument | undefined {
  if ('lastRevision' in at) {
    for (const record of store.readLog(dataset, { documentIds: [id], reverse: true })) {
      const change = record.changes.find((candidate) => candidate.id === id)
      const state = change?.after ?? change?.before
      if (state) return state
    }
    return undefined
  }
  let upTo: { beforeSeq: number } | { toTime: string }
  if ('revision' in at) {
    const seq = store.transactionSeq(dataset, at.revision)
    if (seq === undefined) return undefined
    upTo = { beforeSeq: seq + 1 }
  } else {
    upTo = { toTime: at.time }
  }
  const [latest] = store.readLog(dataset, { documentIds: [id], reverse: true, limit: 1, ...upTo })
  return latest?.changes.find((change) => change.id === id)?.after ?? undefined
}
