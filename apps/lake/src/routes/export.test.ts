import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestLake } from '../../test/test-lake.ts'
import type { TestLake } from '../../test/test-lake.ts'

let lake: TestLake
beforeEach(async () => {
  lake = createTestLake()
  await lake.mutate([
    { create: { _id: 'a', _type: 'post', title: 'A' } },
    { create: { _id: 'drafts.a', _type: 'post', title: 'A draft' } },
    { create: { _id: 'b', _type: 'author', name: 'B' } },
  ])
})
afterEach(() => {
  lake.cleanup()
})

async function exported(query = '', token?: string): Promise<{ _id: string }[]> {
  const response = await lake.request(`/v2021-06-07/data/export/production${query}`, { token })
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toContain('application/x-ndjson')
  const text = await response.text()
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { _id: string })
}

describe('GET /data/export/:dataset', () => {
  it('should stream every document as NDJSON for a token', async () => {
    const docs = await exported('', 'read')
    expect(docs.map((doc) => doc._id)).toEqual(['a', 'b', 'drafts.a'])
    expect(docs[0]).toMatchObject({
      _type: 'post',
      title: 'A',
      _rev: expect.any(String) as unknown,
    })
  })

  it('should leave drafts out for anonymous callers', async () => {
    expect((await exported()).map((doc) => doc._id)).toEqual(['a', 'b'])
  })

  it('should filter by types', async () => {
    expect((await exported('?types=author', 'write')).map((doc) => doc._id)).toEqual(['b'])
  })

  it('should 404 for an unknown dataset', async () => {
    expect((await lake.request('/v1/data/export/nope', { token: 'read' })).status).toBe(404)
  })
})
