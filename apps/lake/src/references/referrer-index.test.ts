import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SqliteStore } from '../store/sqlite-store.ts'
import type { DocumentChange, SanityDocument } from '../store/store.ts'
import { expectCommit, referrersFor } from './referrer-index.ts'

let store: SqliteStore
let seq = 0

beforeEach(() => {
  store = new SqliteStore(':memory:')
  store.createDataset('production')
})
afterEach(() => {
  store.close()
})

const doc = (id: string, ...refs: string[]): SanityDocument => ({
  _id: id,
  _type: 't',
  refs: refs.map((ref, i) => ({ _key: `k${i}`, _type: 'reference', _ref: ref })),
})

/** One commit of `docs` (null deletes), optionally announced to the index as the checks do. */
async function commit(docs: Record<string, SanityDocument | null>, announce: boolean) {
  await store.write('production', (snapshot) => {
    referrersFor(store, 'production', snapshot)
    const changes: DocumentChange[] = Object.entries(docs).map(([id, after]) => ({
      id,
      before: snapshot.get(id) ?? null,
      after,
    }))
    seq += 1
    const transactionId = `tx-${seq}`
    if (announce) expectCommit(store, 'production', snapshot, transactionId, changes)
    const input = { transactionId, timestamp: '2026-01-01T00:00:00Z', author: 't', mutations: [] }
    return Promise.resolve({ commits: [{ ...input, changes }], result: undefined })
  })
}

const index = () => referrersFor(store, 'production', store.snapshot('production'))
const referrers = (id: string) => [...index().referrersOf(id)].sort()

describe('the referrer index', () => {
  it('is carried from commit to commit when the commit was the one announced', async () => {
    await commit({ a: doc('a'), b: doc('b', 'a'), 'drafts.c': doc('drafts.c', 'a') }, true)
    const first = index()
    expect(referrers('a')).toEqual(['b', 'drafts.c'])
    await commit({ b: doc('b', 'x'), 'drafts.c': null }, true)
    expect(index()).toBe(first)
    expect(referrers('a')).toEqual([])
    expect(referrers('x')).toEqual(['b'])
  })

  it('is rebuilt after a commit nobody announced, and agrees with the dataset', async () => {
    await commit({ a: doc('a'), b: doc('b', 'a') }, true)
    const first = index()
    await commit({ c: doc('c', 'a'), b: null }, false)
    expect(index()).not.toBe(first)
    expect(referrers('a')).toEqual(['c'])
  })

  it('leaves out weak references and release versions', async () => {
    const weak = { _id: 'w', _type: 't', ref: { _ref: 'a', _weak: true } }
    await commit({ a: doc('a'), w: weak, 'versions.r.v': doc('versions.r.v', 'a') }, true)
    expect(referrers('a')).toEqual([])
  })
})
