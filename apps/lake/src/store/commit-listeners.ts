import type { CommitListener, TransactionRecord } from './store.ts'

/** Per-dataset fan-out of committed transactions (listeners, live events). */
export class CommitListeners {
  readonly #byDataset = new Map<string, Set<CommitListener>>()
  readonly #onError: (error: unknown) => void

  constructor(
    onError: (error: unknown) => void = (error) => {
      console.error(error)
    },
  ) {
    this.#onError = onError
  }

  add(dataset: string, listener: CommitListener): () => void {
    let listeners = this.#byDataset.get(dataset)
    if (!listeners) {
      listeners = new Set()
      this.#byDataset.set(dataset, listeners)
    }
    // Wrapped so the same function may subscribe twice and unsubscribe independently.
    const entry: CommitListener = (records) => {
      listener(records)
    }
    listeners.add(entry)
    return () => {
      listeners.delete(entry)
    }
  }

  count(dataset: string): number {
    return this.#byDataset.get(dataset)?.size ?? 0
  }

  emit(dataset: string, records: readonly TransactionRecord[]): void {
    // A copy: listeners may unsubscribe while being notified.
    for (const listener of [...(this.#byDataset.get(dataset) ?? [])]) {
      // The commit is already durable; a failing listener must not fail the writer.
      try {
        listener(records)
      } catch (error) {
        this.#onError(error)
      }
    }
  }
}
