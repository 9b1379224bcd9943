import { DatabaseSync } from 'node:sqlite'
import { MemorySnapshot } from '../store/memory-snapshot.ts'
import { lastSeq, readChanges, readDataset } from '../store/read-copy.ts'
import type { DatasetSnapshot, Store } from '../store/store.ts'

interface Copy {
  snapshot: MemorySnapshot
  /** The newest log position it holds. */
  seq: number
}

/**
 * The datasets as the SQLite file holds them at each call: what a front thread answers queries
 * from. Each `snapshot` first reads the log's newest position (one index seek) and applies what
 * the dataset's transactions since the last call left, so a query sees every write acknowledged
 * before it was asked — the writer commits to the file before it answers. A snapshot's revision
 * is its log position, which only keys the caches built on it (views, the narrowing index).
 */
export class SqliteReplica implements Pick<Store, 'hasDataset' | 'snapshot'> {
  readonly #db: DatabaseSync
  readonly #copies = new Map<string, Copy>()

  constructor(file: string) {
    this.#db = new DatabaseSync(file, { readOnly: true })
  }

  hasDataset(name: string): boolean {
    if (this.#copies.has(name)) return true
    return this.#db.prepare('SELECT 1 FROM datasets WHERE name = ?').get(name) !== undefined
  }

  snapshot(dataset: string): DatasetSnapshot {
    const copy = this.#copies.get(dataset)
    if (!copy) {
      const { documents, seq } = readDataset(this.#db, dataset)
      const byId = new Map(documents.map((doc) => [doc._id, doc]))
      const snapshot = new MemorySnapshot(dataset, seq, byId)
      this.#copies.set(dataset, { snapshot, seq })
      return snapshot
    }
    const seq = lastSeq(this.#db)
    if (seq > copy.seq) {
      const changes = readChanges(this.#db, dataset, copy.seq, seq)
      if (changes.length > 0) copy.snapshot = copy.snapshot.withChanges(changes, seq)
      copy.seq = seq
    }
    return copy.snapshot
  }

  close(): void {
    this.#db.close()
  }
}
