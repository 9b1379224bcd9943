import type { DatabaseSync } from 'node:sqlite'
import type { TransactionRecord } from './store.ts'
import { queryLog } from './transaction-log.ts'

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
  -- History and listener resume look transactions up by document.
  CREATE INDEX IF NOT EXISTS transaction_documents_by_document
    ON transaction_documents (document_id, seq);
`

/** The newest `limit` transactions of a dataset, oldest first, with their document changes. */
export function readTransactions(
  db: DatabaseSync,
  dataset: string,
  limit: number,
): TransactionRecord[] {
  return queryLog(db, dataset, { reverse: true, limit }).reverse()
}
