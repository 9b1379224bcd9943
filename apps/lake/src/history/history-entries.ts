import { effectsOf } from '../listen/mendoza.ts'
import type { Effects } from '../listen/mendoza.ts'
import type { LogQuery, Store, TransactionRecord } from '../store/store.ts'

export interface EntryOptions {
  /** The ids asked for; with `identifiedOnly` the entry only speaks about these. */
  ids: readonly string[]
  identifiedOnly: boolean
  /** `effectFormat=mendoza`: per-document apply/revert patches (what the Studio's timeline reads). */
  effects: boolean
  /** `excludeContent` / `excludeMutations`: leave the stored mutations (document bodies) out. */
  mutations: boolean
}

/** One line of `/data/history/:dataset/transactions/:ids`, in the shape of Sanity's translog. */
export interface HistoryEntry {
  id: string
  timestamp: string
  author: string
  documentIDs: string[]
  mutations?: unknown[]
  effects?: Record<string, Effects>
}

export function historyEntry(record: TransactionRecord, options: EntryOptions): HistoryEntry {
  const changes = options.identifiedOnly
    ? record.changes.filter((change) => options.ids.includes(change.id))
    : record.changes
  const entry: HistoryEntry = {
    id: record.transactionId,
    timestamp: record.timestamp,
    author: record.author,
    documentIDs: changes.map((change) => change.id),
  }
  if (options.mutations) entry.mutations = record.mutations
  if (options.effects) {
    entry.effects = Object.fromEntries(
      changes.map((change) => [change.id, effectsOf(change.before, change.after)]),
    )
  }
  return entry
}

export interface RangeParams {
  fromTransaction?: string | undefined
  toTransaction?: string | undefined
  fromTime?: string | undefined
  toTime?: string | undefined
  reverse: boolean
  limit?: number | undefined
}

/**
 * Turns the translog's range parameters into a log query. Both transaction bounds are inclusive
 * (the Studio pages backwards with `toTransaction=<oldest seen>` and drops the repeat); an unknown
 * transaction id leaves its side of the range open.
 */
export function logQuery(
  store: Store,
  dataset: string,
  ids: readonly string[],
  range: RangeParams,
): LogQuery {
  const query: LogQuery = { documentIds: ids, reverse: range.reverse }
  const from = range.fromTransaction && store.transactionSeq(dataset, range.fromTransaction)
  const to = range.toTransaction && store.transactionSeq(dataset, range.toTransaction)
  if (typeof from === 'number') query.afterSeq = from - 1
  if (typeof to === 'number') query.beforeSeq = to + 1
  if (range.fromTime) query.fromTime = range.fromTime
  if (range.toTime) query.toTime = range.toTime
  if (range.limit !== undefined) query.limit = range.limit
  return query
}
