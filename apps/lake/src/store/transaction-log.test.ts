import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SqliteStore } from './sqlite-store.ts'
import type { DocumentChange, TransactionRecord } from './store.ts'

let dir: string
let store: SqliteStore

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'lake-log-'))
  store = new SqliteStore(path.join(dir, 'lake.db'))
  store.createDataset('production')
  store.createDataset('other')
})
afterEach(() => {
  store.close()
  rmSync(dir, { recursive: true, force: true })
})

const doc = (id: string, rev: string) => ({ _id: id, _type: 't', _rev: rev })

function write(dataset: string, transactionId: string, time: string, changes: DocumentChange[]) {
  return store.write(dataset, () =>
    Promise.resolve({
      commits: [{ transactionId, timestamp: time, author: 'me', mutations: [], changes }],
      result: null,
    }),
  )
}

async function seedLog(): Promise<void> {
  await write('production', 'tx1', '2025-01-01T00:00:00.000Z', [
    { id: 'a', before: null, after: doc('a', 'tx1') },
  ])
  await write('production', 'tx2', '2025-01-02T00:00:00.000Z', [
    { id: 'b', before: null, after: doc('b', 'tx2') },
  ])
  await write('production', 'tx3', '2025-01-03T00:00:00.000Z', [
    { id: 'a', before: doc('a', 'tx1'), after: null },
    { id: 'b', before: doc('b', 'tx2'), after: doc('b', 'tx3') },
  ])
}

describe('commit subscription', () => {
  it('should notify subscribers of the dataset after the commit is visible', async () => {
    const seen: TransactionRecord[] = []
    let visible: unknown
    const unsubscribe = store.subscribe('production', (records) => {
      seen.push(...records)
      visible = store.snapshot('production').get('a')
    })
    const others: unknown[] = []
    store.subscribe('other', (records) => others.push(...records))
    await write('production', 'tx1', '2025-01-01T00:00:00.000Z', [
      { id: 'a', before: null, after: doc('a', 'tx1') },
    ])
    expect(seen).toHaveLength(1)
    expect(seen[0]).toMatchObject({ transactionId: 'tx1', dataset: 'production', author: 'me' })
    expect(seen[0]?.seq).toBe(store.transactionSeq('production', 'tx1'))
    expect(visible).toEqual(doc('a', 'tx1'))
    expect(others).toEqual([])

    unsubscribe()
    expect(store.subscriberCount('production')).toBe(0)
    await write('production', 'tx2', '2025-01-02T00:00:00.000Z', [
      { id: 'b', before: null, after: doc('b', 'tx2') },
    ])
    expect(seen).toHaveLength(1)
  })

  it('should not fail the writer when a subscriber throws', async () => {
    store.subscribe('production', () => {
      throw new Error('listener bug')
    })
    const originalError = console.error
    console.error = () => undefined
    try {
      await write('production', 'tx1', '2025-01-01T00:00:00.000Z', [
        { id: 'a', before: null, after: doc('a', 'tx1') },
      ])
    } finally {
      console.error = originalError
    }
    expect(store.snapshot('production').get('a')).toBeDefined()
  })
})

describe('readLog', () => {
  it('should filter by position, document, time and order', async () => {
    await seedLog()
    const ids = (records: TransactionRecord[]) => records.map((record) => record.transactionId)
    const seq1 = store.transactionSeq('production', 'tx1') ?? 0
    expect(ids(store.readLog('production'))).toEqual(['tx1', 'tx2', 'tx3'])
    expect(ids(store.readLog('production', { afterSeq: seq1 }))).toEqual(['tx2', 'tx3'])
    expect(ids(store.readLog('production', { documentIds: ['a'] }))).toEqual(['tx1', 'tx3'])
    expect(ids(store.readLog('production', { reverse: true, limit: 2 }))).toEqual(['tx3', 'tx2'])
    expect(
      ids(
        store.readLog('production', {
          fromTime: '2025-01-02T00:00:00.000Z',
          toTime: '2025-01-02T23:00:00.000Z',
        }),
      ),
    ).toEqual(['tx2'])
    const [tx3] = store.readLog('production', { afterSeq: seq1 + 1 })
    expect(tx3?.changes.map((change) => change.id)).toEqual(['a', 'b'])
    expect(store.transactionSeq('production', 'nope')).toBeUndefined()
    expect(store.readLog('other')).toEqual([])
  })
})
