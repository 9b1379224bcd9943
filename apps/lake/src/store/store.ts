/** Storage contract the HTTP layer depends on; `sqlite-store.ts` is the only implementation. */

export interface SanityDocument {
  _id: string
  _type: string
  _rev?: string
  _createdAt?: string
  _updatedAt?: string
  [key: string]: unknown
}

/** Read access to documents by id; implemented by snapshots and by in-flight mutation overlays. */
export interface DocumentLookup {
  get(id: string): SanityDocument | undefined
  documents(): readonly SanityDocument[]
}

/** An immutable view of one dataset; a new snapshot replaces it after every commit. */
export interface DatasetSnapshot extends DocumentLookup {
  readonly dataset: string
  /** Increases with every commit; used to key caches derived from the snapshot. */
  readonly revision: number
}

export interface DocumentChange {
  id: string
  before: SanityDocument | null
  after: SanityDocument | null
}

export interface CommitInput {
  transactionId: string
  timestamp: string
  author: string
  mutations: unknown[]
  changes: DocumentChange[]
}

export interface TransactionRecord extends CommitInput {
  dataset: string
  seq: number
}

/** Called synchronously after a write is durable, with its log records in commit order. */
export type CommitListener = (records: readonly TransactionRecord[]) => void

/** A slice of the transaction log; bounds are exclusive, results oldest first unless `reverse`. */
export interface LogQuery {
  afterSeq?: number
  beforeSeq?: number
  /** Only transactions that changed at least one of these documents (all their changes are kept). */
  documentIds?: readonly string[]
  /** Inclusive ISO timestamps. */
  fromTime?: string
  toTime?: string
  reverse?: boolean
  limit?: number
}

export interface WriteOutcome<T> {
  /** Commits applied in order inside ONE storage transaction; empty for dry runs. */
  commits: CommitInput[]
  result: T
}

export interface Store {
  listDatasets(): string[]
  hasDataset(name: string): boolean
  createDataset(name: string): void
  snapshot(dataset: string): DatasetSnapshot
  hasTransaction(dataset: string, transactionId: string): boolean
  /**
   * Runs `work` with exclusive write access to the dataset: it sees the latest snapshot, and the
   * commits it returns are applied atomically (all or nothing) before the promise resolves.
   */
  write<T>(
    dataset: string,
    work: (snapshot: DatasetSnapshot) => Promise<WriteOutcome<T>>,
  ): Promise<T>
  transactions(dataset: string, options?: { limit?: number }): TransactionRecord[]
  /** Reads the transaction log (listener resume, history). */
  readLog(dataset: string, query?: LogQuery): TransactionRecord[]
  /** Position of a transaction in the log, if it is (still) there. */
  transactionSeq(dataset: string, transactionId: string): number | undefined
  /** Registers a listener for every future commit to the dataset; returns the unsubscribe function. */
  subscribe(dataset: string, listener: CommitListener): () => void
  close(): void
}
