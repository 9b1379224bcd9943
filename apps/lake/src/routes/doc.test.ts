import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestLake } from '../../test/test-lake.ts'
import type { TestLake } from '../../test/test-lake.ts'

let lake: TestLake

beforeEach(async () => {
  lake = createTestLake()
  await lake.mutate([
    { create: { _id: 'a', _type: 'post' } },
    { create: { _id: 'drafts.a', _type: 'post' } },
    { create: { _id: 'versions.r1.a', _type: 'post' } },
  ])
})
afterEach(() => {
  lake.cleanup()
})

describe('GET /v*/data/doc', () => {
  it('returns found documents and explains omissions', async () => {
    const res = await lake.request('/v1/data/doc/production/a,missing', { token: 'read' })
    expect(await res.json()).toEqual({
      documents: [expect.objectContaining({ _id: 'a' })],
      omitted: [{ id: 'missing', reason: 'existence' }],
    })
  })

  it('lets tokens read drafts but not anonymous callers', async () => {
    const withToken = (await (
      await lake.request('/v1/data/doc/production/drafts.a', { token: 'read' })
    ).json()) as { documents: unknown[] }
    expect(withToken.documents).toHaveLength(1)
    const anonymous = await (await lake.request('/v1/data/doc/production/drafts.a')).json()
    expect(anonymous).toEqual({
      documents: [],
      omitted: [{ id: 'drafts.a', reason: 'permission' }],
    })
  })

  it('supports includeAllVersions and excludeContent', async () => {
    const all = (await (
      await lake.request('/v1/data/doc/production/a?includeAllVersions=true', { token: 'read' })
    ).json()) as { documents: { _id: string }[] }
    expect(all.documents.map((doc) => doc._id).sort()).toEqual(['a', 'drafts.a', 'versions.r1.a'])
    const exists = await (
      await lake.request('/v1/data/doc/production/a,nope?excludeContent=true', { token: 'read' })
    ).json()
    expect(exists).toEqual({ documents: [], omitted: [{ id: 'nope', reason: 'existence' }] })
  })

  it('404s for unknown datasets', async () => {
    expect((await lake.request('/v1/data/doc/nope/a')).status).toBe(404)
  })
})
