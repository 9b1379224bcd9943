import type { DatasetSnapshot, DocumentChange, SanityDocument, Store } from '../store/store.ts'
import { enforcesReferences, strongReferencesOf } from './strong-references.ts'

/** Which documents reference each id strongly, among the documents that enforce references. */
export class ReferrerIndex {
  readonly #byTarget = new Map<string, Set<string>>()

  static of(documents: readonly SanityDocument[]): ReferrerIndex {
    const index = new ReferrerIndex()
    for (const doc of documents) index.#add(doc)
    return index
  }

  referrersOf(id: string): ReadonlySet<string> {
    return this.#byTarget.get(id) ?? none
  }

  apply(changes: readonly DocumentChange[]): void {
    for (const { before, after } of changes) {
      if (before) this.#remove(before)
      if (after) this.#add(after)
    }
  }

  #add(doc: SanityDocument): void {
    if (!enforcesReferences(doc._id)) return
    for (const target of strongReferencesOf(doc)) {
      const referrers = this.#byTarget.get(target)
      if (referrers) referrers.add(doc._id)
      else this.#byTarget.set(target, new Set([doc._id]))
    }
  }

  #remove(doc: SanityDocument): void {
    if (!enforcesReferences(doc._id)) return
    for (const target of strongReferencesOf(doc)) {
      const referrers = this.#byTarget.get(target)
      referrers?.delete(doc._id)
      if (referrers?.size === 0) this.#byTarget.delete(target)
    }
  }
}

const none: ReadonlySet<string> = new Set()

interface ExpectedCommit {
  base: DatasetSnapshot
  transactionId: string
  changes: readonly DocumentChange[]
}

const indexes = new WeakMap<DatasetSnapshot, ReferrerIndex>()
const expected = new WeakMap<Store, Map<string, ExpectedCommit>>()

/**
 * The referrer index of the snapshot a write works on. Building one walks every document, so it
 * is carried from snapshot to snapshot instead: when the only commit since the last checked
 * snapshot is the transaction that check expected, the index takes over that transaction's
 * changes. Any other commit in between (an import, an asset upload) means one rebuild.
 */
export function referrersFor(
  store: Store,
  dataset: string,
  snapshot: DatasetSnapshot,
): ReferrerIndex {
  const known = indexes.get(snapshot)
  if (known) return known
  const pending = expected.get(store)?.get(dataset)
  expected.get(store)?.delete(dataset)
  const previous = pending && indexes.get(pending.base)
  let index: ReferrerIndex
  if (
    pending &&
    previous &&
    snapshot.revision === pending.base.revision + 1 &&
    store.hasTransaction(dataset, pending.transactionId)
  ) {
    // Writes are serialised and only ever see the newest snapshot, so the older one's index can
    // be moved forward in place.
    indexes.delete(pending.base)
    previous.apply(pending.changes)
    index = previous
  } else {
    index = ReferrerIndex.of(snapshot.documents())
  }
  indexes.set(snapshot, index)
  return index
}

/** Tells `referrersFor` which transaction is about to commit on top of `base`. */
export function expectCommit(
  store: Store,
  dataset: string,
  base: DatasetSnapshot,
  transactionId: string,
  changes: readonly DocumentChange[],
): void {
  let byDataset = expected.get(store)
  if (!byDataset) {
    byDataset = new Map()
    expected.set(store, byDataset)
  }
  byDataset.set(dataset, { base, transactionId, changes })
}
