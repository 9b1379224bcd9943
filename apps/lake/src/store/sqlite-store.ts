import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { CommitListeners } from './commit-listeners.ts'
import { MemorySnapshot } from './memory-snapshot.ts'
import { readTransactions, schema } from './sqlite-schema.ts'
import { queryLog, transactionSeq } from './transaction-log.ts'
import type {
  CommitInput,
  CommitListener,
  DatasetSnapshot,
  LogQuery,
  SanityDocument,
  Store,
  TransactionRecord,
  WriteOutcome,
} from './store.ts'

/**
 * SQLite is the source of truth; every dataset is also held in memory as an immutable snapshot
 * because groq-js evaluates queries over an in-memory array anyway.
 */
export class SqliteStore implements Store {
  readonly #db: DatabaseSync
  readonly #snapshots = new Map<string, MemorySnapshot>()
  readonly #listeners = new CommitListeners()
  // Writers queue here so each sees the result of the previous one (no lost updates).
  #writeQueue: Promise<unknown> = Promise.resolve()

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true })
    this.#db = new DatabaseSync(file)
    // A write is acknowledged once #commit returns, so COMMIT must reach the disk: in WAL mode
    // synchronous = NORMAL survives a killed process but can lose the newest commits on power
    // loss or an OS crash; FULL syncs the WAL on every commit (see durability.test.ts).
    this.#db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;')
    this.#db.exec(schema)
    this.#load()
  }

  #load(): void {
    const datasets = this.#db.prepare('SELECT name FROM datasets').all() as { name: string }[]
    const byDataset = new Map<string, Map<string, SanityDocument>>()
    for (const { name } of datasets) byDataset.set(name, new Map())
    const rows = this.#db.prepare('SELECT dataset, id, body FROM documents').iterate()
    for (const row of rows as Iterable<{ dataset: string; id: string; body: string }>) {
      byDataset.get(row.dataset)?.set(row.id, JSON.parse(row.body) as SanityDocument)
    }
    for (const [name, docs] of byDataset)
      this.#snapshots.set(name, new MemorySnapshot(name, 0, docs))
  }

  listDatasets(): string[] {
    return [...this.#snapshots.keys()].sort()
  }

  hasDataset(name: string): boolean {
    return this.#snapshots.has(name)
  }

  createDataset(name: string): void {
    if (this.#snapshots.has(name)) return
    this.#db
      .prepare('INSERT OR IGNORE INTO datasets (name, created_at) VALUES (?, ?)')
      .run(name, new Date().toISOString())
    this.#snapshots.set(name, new MemorySnapshot(name, 0, new Map()))
  }

  snapshot(dataset: string): DatasetSnapshot {
    const snapshot = this.#snapshots.get(dataset)
    if (!snapshot) throw new Error(`Unknown dataset "${dataset}"`)
    return snapshot
  }

  hasTransaction(dataset: string, id: string): boolean {
    return transactionSeq(this.#db, dataset, id) !== undefined
  }

  write<T>(
    dataset: string,
    work: (snapshot: DatasetSnapshot) => Promise<WriteOutcome<T>>,
  ): Promise<T> {
    const run = async (): Promise<T> => {
      const outcome = await work(this.snapshot(dataset))
      if (outcome.commits.length > 0) this.#commit(dataset, outcome.commits)
      return outcome.result
    }
    const next = this.#writeQueue.then(run, run)
    this.#writeQueue = next.catch(() => undefined)
    return next
  }

  // Synchronous on purpose: nothing else can run between BEGIN and COMMIT.
  #commit(dataset: string, commits: readonly CommitInput[]): void {
    const insertTx = this.#db.prepare(
      'INSERT INTO transactions (dataset, id, time, author, mutations) VALUES (?, ?, ?, ?, ?)',
    )
    const insertChange = this.#db.prepare(
      'INSERT INTO transaction_documents (seq, document_id, before, after) VALUES (?, ?, ?, ?)',
    )
    const upsert = this.#db.prepare(
      `INSERT INTO documents (dataset, id, type, rev, body) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (dataset, id) DO UPDATE SET type = excluded.type, rev = excluded.rev, body = excluded.body`,
    )
    const remove = this.#db.prepare('DELETE FROM documents WHERE dataset = ? AND id = ?')
    let snapshot = this.#snapshots.get(dataset)
    if (!snapshot) throw new Error(`Unknown dataset "${dataset}"`)
    const records: TransactionRecord[] = []

    this.#db.exec('BEGIN IMMEDIATE')
    try {
      for (const commit of commits) {
        const { lastInsertRowid } = insertTx.run(
          dataset,
          commit.transactionId,
          commit.timestamp,
          commit.author,
          JSON.stringify(commit.mutations),
        )
        records.push({ ...commit, dataset, seq: Number(lastInsertRowid) })
        for (const change of commit.changes) {
          insertChange.run(lastInsertRowid, change.id, json(change.before), json(change.after))
          if (change.after) {
            const { _type, _rev } = change.after
            upsert.run(dataset, change.id, _type, _rev ?? null, JSON.stringify(change.after))
          } else {
            remove.run(dataset, change.id)
          }
        }
      }
      this.#db.exec('COMMIT')
    } catch (error) {
      // On some errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM) SQLite has already rolled the
      // transaction back; a ROLLBACK then would throw "no transaction is active" over the cause.
      if (this.#db.isTransaction) {
        try {
          this.#db.exec('ROLLBACK')
        } catch (rollbackError) {
          throw new Error(`ROLLBACK failed: ${String(rollbackError)}`, { cause: error })
        }
      }
      throw error
    }
    for (const commit of commits) snapshot = snapshot.withChanges(commit.changes)
    this.#snapshots.set(dataset, snapshot)
    // After the snapshot swap, so listeners that read the dataset see the commit.
    this.#listeners.emit(dataset, records)
  }

  transactions(dataset: string, options: { limit?: number } = {}): TransactionRecord[] {
    return readTransactions(this.#db, dataset, options.limit ?? 100)
  }

  readLog(dataset: string, query?: LogQuery): TransactionRecord[] {
    return queryLog(this.#db, dataset, query)
  }

  transactionSeq(dataset: string, transactionId: string): number | undefined {
    return transactionSeq(this.#db, dataset, transactionId)
  }

  subscribe(dataset: string, listener: CommitListener): () => void {
    return this.#listeners.add(dataset, listener)
  }

  /** Number of live subscriptions; lets tests check that disconnected listeners are cleaned up. */
  subscriberCount(dataset: string): number {
    return this.#listeners.count(dataset)
  }

  close(): void {
    this.#db.close()
  }
}

function json(doc: SanityDocument | null): string | null {
  return doc ? JSON.stringify(doc) : null
}
