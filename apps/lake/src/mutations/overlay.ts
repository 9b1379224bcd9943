import type { DocumentChange, DocumentLookup, SanityDocument } from '../store/store.ts'

/** Uncommitted writes layered over a lookup; a transaction works against one of these. */
export class Overlay implements DocumentLookup {
  readonly #base: DocumentLookup
  readonly #written = new Map<string, SanityDocument | null>()

  constructor(base: DocumentLookup) {
    this.#base = base
  }

  get(id: string): SanityDocument | undefined {
    if (this.#written.has(id)) return this.#written.get(id) ?? undefined
    return this.#base.get(id)
  }

  set(id: string, doc: SanityDocument | null): void {
    this.#written.set(id, doc)
  }

  documents(): readonly SanityDocument[] {
    if (this.#written.size === 0) return this.#base.documents()
    const untouched = this.#base.documents().filter((doc) => !this.#written.has(doc._id))
    const written = [...this.#written.values()].filter((doc) => doc !== null)
    return [...untouched, ...written]
  }

  /** Net effect relative to the base; a document created and deleted again is no change. */
  changes(): DocumentChange[] {
    const changes: DocumentChange[] = []
    for (const [id, after] of this.#written) {
      const before = this.#base.get(id) ?? null
      if (before === null && after === null) continue
      changes.push({ id, before, after })
    }
    return changes
  }
}
