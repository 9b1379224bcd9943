import type { DatabaseSync } from 'node:sqlite'
import type { SanityDocument, TransactionRecord } from './store.ts'

export const schema = `
  CREATE TABLE IF NOT EXISTS datasets (
    name TEXT PRIMARY KEY,
    created_at TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS documents (
    dataset TEXT NOT NULL,
    id TEXT NOT NULL,
    type TEXT NOT NULL,
    rev TEXT,
    body TEXT NOT NULL,
    PRIMARY KEY (dataset, id)
  ) WITHOUT ROWID;
  -- Append-only log: feeds listeners, history and webhooks.
  CREATE TABLE IF NOT EXISTS transactions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    dataset TEXT NOT NULL,
    id TEXT NOT NULL,
    time TEXT NOT NULL,
    author TEXT NOT NULL,
    mutations TEXT NOT NULL,
    UNIQUE (dataset, id)
  );
  CREATE TABLE IF NOT EXISTS transaction_documents (
    seq INTEGER NOT NULL REFERENCES transactions (seq),
    document_id TEXT NOT NULL,
    before TEXT,
    after TEXT,
    PRIMARY KEY (seq, document_id)
  );
`

interface TransactionRow {
  seq: number
  dataset: string
  id: string
  time: string
  author: string
  mutations: string
}

interface ChangeRow {
  document_id: string
  before: string | null
  after: string | null
}

/** The newest `limit` transactions of a dataset, oldest first, with their document changes. */
export function readTransactions(
  db: DatabaseSync,
  dataset: string,
  limit: number,
): TransactionRecord[] {
  const rows = db
    .prepare('SELECT * FROM transactions WHERE dataset = ? ORDER BY seq DESC LIMIT ?')
    .all(dataset, limit) as unknown as TransactionRow[]
  const changes = db.prepare(
    'SELECT document_id, before, after FROM transaction_documents WHERE seq = ? ORDER BY document_id',
  )
  return rows.reverse().map((row) => ({
    seq: row.seq,
    dataset: row.dataset,
    transactionId: row.id,
    timestamp: row.time,
    author: row.author,
    mutations: JSON.parse(row.mutations) as unknown[],
    changes: (changes.all(row.seq) as unknown as ChangeRow[]).map((change) => ({
      id: change.document_id,
      before: parse(change.before),
      after: parse(change.after),
    })),
  }))
}

function parse(text: string | null): SanityDocument | null {
  return text === null ? null : (JSON.parse(text) as SanityDocument)
}
