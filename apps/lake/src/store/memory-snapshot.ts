import type { DatasetSnapshot, DocumentChange, SanityDocument } from './store.ts'

/** Immutable in-memory snapshot; commits produce a copy so readers never see partial writes. */
export class MemorySnapshot implements DatasetSnapshot {
  readonly dataset: string
  readonly revision: number
  readonly #byId: ReadonlyMap<string, SanityDocument>
  #list: SanityDocument[] | undefined

  constructor(dataset: string, revision: number, byId: ReadonlyMap<string, SanityDocument>) {
    this.dataset = dataset
    this.revision = revision
    this.#byId = byId
  }

  get(id: string): SanityDocument | undefined {
    return this.#byId.get(id)
  }

  documents(): readonly SanityDocument[] {
    // Sorted by id so query results without `order()` are stable across restarts.
    this.#list ??= [...this.#byId.values()].sort((a, b) =>
      a._id < b._id ? -1 : a._id > b._id ? 1 : 0,
    )
    return this.#list
  }

  get size(): number {
    return this.#byId.size
  }

  /** `revision`: later than the next one when `changes` are several commits' (a query worker's catch-up). */
  withChanges(
    changes: readonly Pick<DocumentChange, 'id' | 'after'>[],
    revision = this.revision + 1,
  ): MemorySnapshot {
    const next = new Map(this.#byId)
    for (const change of changes) {
      if (change.after) next.set(change.id, change.after)
      else next.delete(change.id)
    }
    return new MemorySnapshot(this.dataset, revision, next)
  }
}
