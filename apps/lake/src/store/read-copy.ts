import type { DatabaseSync, StatementSync } from 'node:sqlite'
import type { SanityDocument } from './store.ts'

/**
 * Reads of the SQLite file for threads that keep their own copy of a dataset (query workers,
 * front threads): they open the file read-only and follow the transaction log, which is
 * append-only and holds every commit before the writer acknowledges or announces it.
 */

const lastSeqStatements = new WeakMap<DatabaseSync, StatementSync>()

/**
 * The log position of the newest transaction of any dataset: the rowid's maximum, one seek. A
 * front thread asks before every query, so the statement is compiled once per connection.
 */
export function lastSeq(db: DatabaseSync): number {
  let statement = lastSeqStatements.get(db)
  if (!statement) {
    statement = db.prepare('SELECT max(seq) AS seq FROM transactions')
    lastSeqStatements.set(db, statement)
  }
  const row = statement.get() as { seq: number | null }
  return row.seq ?? 0
}

/** One read transaction: the dataset's documents and the log position they include. */
export function readDataset(db: DatabaseSync, dataset: string) {
  db.exec('BEGIN')
  try {
    const seq = lastSeq(db)
    // Row by row: all the JSON text and all the parsed documents at once would raise the thread's
    // resident size for good (the heap it grew to is not given back).
    const rows = db.prepare('SELECT body FROM documents WHERE dataset = ?').iterate(dataset)
    const documents: SanityDocument[] = []
    for (const row of rows as Iterable<{ body: string }>) {
      documents.push(JSON.parse(row.body) as SanityDocument)
    }
    return { seq, documents }
  } finally {
    db.exec('COMMIT')
  }
}

/** What the dataset's transactions after log position `after` up to `upTo` left of each document. */
export function readChanges(db: DatabaseSync, dataset: string, after: number, upTo: number) {
  if (upTo <= after) return []
  // `+t.dataset`: without it SQLite walks every transaction of the dataset by its (dataset, id)
  // index instead of seeking the few after `after` — a cost that grew with the log, per query.
  const rows = db
    .prepare(
      `SELECT d.document_id AS id, d.after AS after FROM transactions t
       JOIN transaction_documents d ON d.seq = t.seq
       WHERE +t.dataset = ? AND t.seq > ? AND t.seq <= ? ORDER BY t.seq`,
    )
    .all(dataset, after, upTo) as { id: string; after: string | null }[]
  // Only each document's last state is parsed.
  const last = new Map<string, string | null>()
  for (const row of rows) last.set(row.id, row.after)
  return [...last].map(([id, after]) => ({
    id,
    after: after === null ? null : (JSON.parse(after) as SanityDocument),
  }))
}
