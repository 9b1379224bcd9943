import { describe, expect, it } from 'vitest'
import { idKey } from '../groq/narrowing/read-keys.ts'
import { MemorySnapshot } from '../store/memory-snapshot.ts'
import { answerSyncTags, commitSyncTags, maxSyncTags, syncTag } from './sync-tag.ts'

const keys = (count: number) => new Set(Array.from({ length: count }, (_, i) => idKey(`doc-${i}`)))
const datasetWide = syncTag('p', 'd')

describe('sync tags', () => {
  it("keep Sanity's format: s1: and six base64url characters, per project and dataset", () => {
    const tags = answerSyncTags('p', 'd', keys(3))
    expect(tags).toHaveLength(3)
    for (const tag of [...tags, datasetWide]) expect(tag).toMatch(/^s1:[\w-]{6}$/)
    expect(answerSyncTags('p', 'other', keys(3))).not.toEqual(tags)
  })

  it(`give an answer with more than ${maxSyncTags} tags the dataset-wide tag alone`, () => {
    expect(answerSyncTags('p', 'd', keys(maxSyncTags))).toHaveLength(maxSyncTags)
    expect(answerSyncTags('p', 'd', keys(maxSyncTags + 1))).toEqual([datasetWide])
  })

  it('name the dataset-wide tag in every commit', () => {
    const doc = { _id: 'a', _type: 'article' }
    const tags = commitSyncTags(
      'p',
      'd',
      [{ id: 'a', before: null, after: doc }],
      new MemorySnapshot('d', 1, new Map([['a', doc]])),
    )
    expect(tags).toContain(datasetWide)
    expect(tags).toContain(answerSyncTags('p', 'd', new Set([idKey('a')]))[0])
  })
})
