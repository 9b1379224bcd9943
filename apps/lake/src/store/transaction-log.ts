import type { DatabaseSync, SQLInputValue } from 'node:sqlite'
import type { LogQuery, SanityDocument, TransactionRecord } from './store.ts'

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

/** Reads a slice of the log with each transaction's document changes. */
export function queryLog(
  db: DatabaseSync,
  dataset: string,
  query: LogQuery = {},
): TransactionRecord[] {
  const where = ['t.dataset = ?']
  const args: SQLInputValue[] = [dataset]
  const add = (clause: string, ...values: SQLInputValue[]) => {
    where.push(clause)
    args.push(...values)
  }
  if (query.afterSeq !== undefined) add('t.seq > ?', query.afterSeq)
  if (query.beforeSeq !== undefined) add('t.seq < ?', query.beforeSeq)
  if (query.fromTime !== undefined) add('t.time >= ?', query.fromTime)
  if (query.toTime !== undefined) add('t.time <= ?', query.toTime)
  if (query.documentIds) {
    const ids = [...query.documentIds]
    const marks = ids.map(() => '?').join(', ')
    add(
      `EXISTS (SELECT 1 FROM transaction_documents d WHERE d.seq = t.seq AND d.document_id IN (${marks}))`,
      ...ids,
    )
  }
  const order = query.reverse ? 'DESC' : 'ASC'
  const rows = db
    .prepare(
      `SELECT t.* FROM transactions t WHERE ${where.join(' AND ')} ORDER BY t.seq ${order} LIMIT ?`,
    )
    .all(...args, query.limit ?? -1) as unknown as TransactionRow[]
  const changes = db.prepare(
    'SELECT document_id, before, after FROM transaction_documents WHERE seq = ? ORDER BY document_id',
  )
  return rows.map((row) => ({
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

export function transactionSeq(
  db: DatabaseSync,
  dataset: string,
  transactionId: string,
): number | undefined {
  const row = db
    .prepare('SELECT seq FROM transactions WHERE dataset = ? AND id = ?')
    .get(dataset, transactionId) as { seq: number } | undefined
  return row?.seq
}

function parse(text: string | null): SanityDocument | null {
  return text === null ? null : (JSON.parse(text) as SanityDocument)
}
