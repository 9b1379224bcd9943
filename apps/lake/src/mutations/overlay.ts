import type { DocumentChange, DocumentLookup, SanityDocument } from '../store/store.ts'

/** Uncommitted writes layered over a lookup; a transaction works against one of these. */
export class Overlay implements DocumentLookup {
  readonly #base: DocumentLookup
  readonly #written = new Map<string, SanityDocument | null>()
  // Which mutation or action last wrote each document, so a check on the whole transaction can
  // name the one that failed.
  readonly #writtenAt = new Map<string, number>()
  #current = 0

  constructor(base: DocumentLookup) {
    this.#base = base
  }

  get(id: string): SanityDocument | undefined {
    if (this.#written.has(id)) return this.#written.get(id) ?? undefined
    return this.#base.get(id)
  }

  set(id: string, doc: SanityDocument | null): void {
    this.#written.set(id, doc)
    this.#writtenAt.set(id, this.#current)
  }

  /** Marks the writes that follow as made by the mutation or action at `index`. */
  at(index: number): void {
    this.#current = index
  }

  indexOf(id: string): number {
    return this.#writtenAt.get(id) ?? 0
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
