import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestLake } from '../../test/test-lake.ts'
import type { TestLake } from '../../test/test-lake.ts'

let lake: TestLake
beforeEach(() => {
  lake = createTestLake()
})
afterEach(() => {
  lake.cleanup()
})

/** Commits one transaction with a known id, so revisions can be named in the test. */
async function commit(transactionId: string, mutations: unknown[]): Promise<void> {
  const response = await lake.request('/v2025-02-19/data/mutate/production', {
    token: 'write',
    body: { mutations, transactionId },
  })
  expect(response.status).toBe(200)
}

/** Draft created, edited, published, then edited again as a new draft. */
async function editAndPublish(): Promise<void> {
  await commit('t1', [{ create: { _id: 'drafts.a', _type: 'post', title: 'One' } }])
  await commit('t2', [{ patch: { id: 'drafts.a', set: { title: 'Two' } } }])
  await commit('t3', [
    { createOrReplace: { _id: 'a', _type: 'post', title: 'Two' } },
    { delete: { id: 'drafts.a' } },
  ])
  await commit('t4', [{ create: { _id: 'drafts.a', _type: 'post', title: 'Three' } }])
  await commit('other', [{ create: { _id: 'b', _type: 'post' } }])
}

async function translog(query: string): Promise<Record<string, unknown>[]> {
  const response = await lake.request(
    `/v2025-02-19/data/history/production/transactions/a,drafts.a?${query}`,
    { token: 'read' },
  )
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toContain('application/x-ndjson')
  return (await response.text())
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>)
}

describe('GET /data/history/:dataset/transactions/:ids', () => {
  it('should list the transactions touching the documents as NDJSON', async () => {
    await editAndPublish()
    const all = await translog('')
    expect(all.map((entry) => entry.id)).toEqual(['t1', 't2', 't3', 't4'])
    expect(all[2]).toMatchObject({
      author: 'robot-write-token',
      documentIDs: ['a', 'drafts.a'],
      mutations: expect.any(Array) as unknown,
      timestamp: expect.any(String) as unknown,
    })
  })

  it('should page backwards the way the Studio timeline does', async () => {
    await editAndPublish()
    const page = await translog(
      'effectFormat=mendoza&excludeContent=true&includeIdentifiedDocumentsOnly=true&reverse=true&limit=2&toTransaction=t3',
    )
    expect(page.map((entry) => entry.id)).toEqual(['t3', 't2'])
    expect(page[0]).not.toHaveProperty('mutations')
    // Deleting the draft reads as `[0, null]`; the published side is a whole new value.
    expect(page[0]?.effects).toMatchObject({
      'drafts.a': { apply: [0, null] },
      a: { revert: [0, null] },
    })
    expect((await translog('fromTransaction=t2&limit=2')).map((entry) => entry.id)).toEqual([
      't2',
      't3',
    ])
  })

  it('should need a token', async () => {
    const response = await lake.request('/v1/data/history/production/transactions/a')
    expect(response.status).toBe(401)
  })
})

describe('GET /data/history/:dataset/documents/:ids', () => {
  it('should return documents as of a revision, a time, or their last revision', async () => {
    await editAndPublish()
    const at = async (query: string) => {
      const response = await lake.request(
        `/v2025-02-19/data/history/production/documents/a,drafts.a?${query}`,
        { token: 'read' },
      )
      return ((await response.json()) as { documents: Record<string, unknown>[] }).documents
    }
    expect(await at('revision=t2')).toEqual([
      expect.objectContaining({ _id: 'drafts.a', _rev: 't2', title: 'Two' }),
    ])
    // `other` did not touch these documents: their state at that point is what t4 left.
    expect((await at('revision=other')).map((doc) => doc._rev)).toEqual(['t3', 't4'])
    expect(await at('time=2000-01-01T00:00:00Z')).toEqual([])
    expect((await at('')).map((doc) => doc.title)).toEqual(['Two', 'Three'])

    await commit('t5', [{ delete: { id: 'a' } }])
    expect(await at('lastRevision=true')).toEqual([
      expect.objectContaining({ _id: 'a', _rev: 't3' }),
      expect.objectContaining({ _id: 'drafts.a', _rev: 't4' }),
    ])
  })
})

describe('GET /data/history/:dataset/events/documents/:id', () => {
  it('should describe the document group’s lifecycle, newest first', async () => {
    await editAndPublish()
    const response = await lake.request(
      '/v2025-02-19/data/history/production/events/documents/drafts.a?limit=10',
      { token: 'read' },
    )
    const body = (await response.json()) as {
      events: Record<string, { type: string; versionRevisionId?: string }[]>
      nextCursor: string
    }
    expect(body.nextCursor).toBe('')
    expect(body.events['drafts.a']?.map((event) => [event.type, event.versionRevisionId])).toEqual([
      ['createDocumentVersion', 't4'],
      ['publishDocumentVersion', 't2'],
      ['createDocumentVersion', 't1'],
    ])
  })

  it('should page with nextCursor', async () => {
    await editAndPublish()
    const first = (await (
      await lake.request('/v1/data/history/production/events/documents/a?limit=2', {
        token: 'read',
      })
    ).json()) as { events: Record<string, unknown[]>; nextCursor: string }
    expect(first.nextCursor).not.toBe('')
    const rest = (await (
      await lake.request(
        `/v1/data/history/production/events/documents/a?limit=2&nextCursor=${first.nextCursor}`,
        { token: 'read' },
      )
    ).json()) as { events: Record<string, unknown[]> }
    expect(rest.events.a).toHaveLength(1)
  })
})
