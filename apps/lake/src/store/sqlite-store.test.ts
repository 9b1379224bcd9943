import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SqliteStore } from './sqlite-store.ts'
import type { CommitInput } from './store.ts'

let dir: string
let file: string

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'lake-store-'))
  file = path.join(dir, 'lake.db')
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

function commit(transactionId: string, changes: CommitInput['changes']): CommitInput {
  return {
    transactionId,
    timestamp: '2025-01-01T00:00:00.000Z',
    author: 'test',
    mutations: [],
    changes,
  }
}

describe('SqliteStore', () => {
  it('persists committed documents and the transaction log across reopen', async () => {
    const store = new SqliteStore(file)
    store.createDataset('production')
    const doc = { _id: 'a', _type: 'post', _rev: 'tx1' }
    await store.write('production', () =>
      Promise.resolve({
        commits: [commit('tx1', [{ id: 'a', before: null, after: doc }])],
        result: null,
      }),
    )
    expect(store.snapshot('production').get('a')).toEqual(doc)
    store.close()

    const reopened = new SqliteStore(file)
    expect(reopened.listDatasets()).toEqual(['production'])
    expect(reopened.snapshot('production').documents()).toEqual([doc])
    const [record] = reopened.transactions('production')
    expect(record).toMatchObject({
      transactionId: 'tx1',
      author: 'test',
      changes: [{ id: 'a', before: null, after: doc }],
    })
    expect(reopened.hasTransaction('production', 'tx1')).toBe(true)
    reopened.close()
  })

  it('applies all commits of one write or none of them', async () => {
    const store = new SqliteStore(file)
    store.createDataset('production')
    const before = store.snapshot('production')
    // The second commit reuses a transaction id, which violates the log's unique constraint.
    const write = store.write('production', () =>
      Promise.resolve({
        commits: [
          commit('same', [{ id: 'a', before: null, after: { _id: 'a', _type: 't' } }]),
          commit('same', [{ id: 'b', before: null, after: { _id: 'b', _type: 't' } }]),
        ],
        result: null,
      }),
    )
    await expect(write).rejects.toThrow()
    expect(store.snapshot('production')).toBe(before)
    expect(store.transactions('production')).toEqual([])
    store.close()
    const reopened = new SqliteStore(file)
    expect(reopened.snapshot('production').documents()).toEqual([])
    reopened.close()
  })

  it('serialises writers so each sees the previous commit', async () => {
    const store = new SqliteStore(file)
    store.createDataset('production')
    const increment = (id: string) =>
      store.write('production', async (snapshot) => {
        await new Promise((resolve) => setTimeout(resolve, 5))
        const current = (snapshot.get('counter')?.n as number | undefined) ?? 0
        const after = { _id: 'counter', _type: 'counter', n: current + 1 }
        return {
          commits: [
            commit(id, [{ id: 'counter', before: snapshot.get('counter') ?? null, after }]),
          ],
          result: null,
        }
      })
    await Promise.all([increment('t1'), increment('t2'), increment('t3')])
    expect(store.snapshot('production').get('counter')?.n).toBe(3)
    store.close()
  })

  it('keeps going after a failed write', async () => {
    const store = new SqliteStore(file)
    store.createDataset('production')
    await expect(
      store.write('production', () => Promise.reject(new Error('boom'))),
    ).rejects.toThrow('boom')
    await store.write('production', () =>
      Promise.resolve({
        commits: [commit('ok', [{ id: 'a', before: null, after: { _id: 'a', _type: 't' } }])],
        result: null,
      }),
    )
    expect(store.snapshot('production').get('a')).toBeDefined()
    store.close()
  })
})
