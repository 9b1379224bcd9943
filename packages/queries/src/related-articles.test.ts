import { evaluate, parse } from 'groq-js'
import { describe, expect, it } from 'vitest'

import { relatedArticlesQuery, relatedArticlesResult } from './queries.ts'

const tag = (id: string) => ({ _type: 'reference', _ref: id, _key: id })
const article = (id: string, publishedAt: string, tagIds: string[]) => ({
  _id: id,
  _type: 'article',
  title: id,
  slug: { _type: 'slug', current: id },
  publishedAt,
  tags: tagIds.map(tag),
})

// The current article is tagged a, b and c; the expected order is known by construction.
const current = article('current', '2025-03-01T00:00:00Z', ['a', 'b', 'c'])
const dataset = [
  current,
  { _id: 'a', _type: 'tag', title: 'A', slug: { current: 'a' } },
  { _id: 'b', _type: 'tag', title: 'B', slug: { current: 'b' } },
  { _id: 'c', _type: 'tag', title: 'C', slug: { current: 'c' } },
  { _id: 'd', _type: 'tag', title: 'D', slug: { current: 'd' } },
  article('one-shared-new', '2025-02-20T00:00:00Z', ['a', 'd']),
  article('two-shared-old', '2024-01-01T00:00:00Z', ['b', 'c']),
  article('three-shared', '2023-06-01T00:00:00Z', ['a', 'b', 'c', 'd']),
  article('two-shared-new', '2025-01-01T00:00:00Z', ['a', 'c']),
  article('one-shared-old', '2022-01-01T00:00:00Z', ['c']),
  article('nothing-shared', '2025-02-28T00:00:00Z', ['d']),
  article('untagged', '2025-02-27T00:00:00Z', []),
  // A draft sharing every tag must never be suggested to readers.
  { ...article('drafts.two-shared-new', '2025-02-01T00:00:00Z', ['a', 'b', 'c']) },
  { ...article('unslugged', '2025-02-01T00:00:00Z', ['a', 'b', 'c']), slug: undefined },
]

async function related(tagIds: string[], limit = 3, data: unknown[] = dataset) {
  const params = { id: current._id, tagIds, limit }
  const tree = parse(relatedArticlesQuery, { params })
  const result: unknown = await (await evaluate(tree, { dataset: data, params })).get()
  return relatedArticlesResult.parse(result).map((found) => found._id)
}

describe('relatedArticlesQuery', () => {
  it('should rank by shared tags, then by recency, and stop at three', async () => {
    expect(await related(['a', 'b', 'c'])).toEqual([
      'three-shared',
      'two-shared-new',
      'two-shared-old',
    ])
  })

  it('should fill up with fewer shared tags, newest first, when the limit allows', async () => {
    expect(await related(['a', 'b', 'c'], 10)).toEqual([
      'three-shared',
      'two-shared-new',
      'two-shared-old',
      'one-shared-new',
      'one-shared-old',
    ])
  })

  it('should never include the article itself, drafts, or articles sharing no tag', async () => {
    const found = await related(['a', 'b', 'c', 'd'], 50)
    expect(found).not.toContain('current')
    expect(found).not.toContain('drafts.two-shared-new')
    expect(found).not.toContain('unslugged')
    expect(found).not.toContain('untagged')
    expect(await related(['a', 'b', 'c'], 50)).not.toContain('nothing-shared')
  })

  it('should break a tie in tags and date by id, so the order is stable', async () => {
    const twins = [
      current,
      article('twin-b', '2025-01-01T00:00:00Z', ['a']),
      article('twin-a', '2025-01-01T00:00:00Z', ['a']),
    ]
    expect(await related(['a'], 3, twins)).toEqual(['twin-a', 'twin-b'])
  })

  it('should find nothing for an untagged article', async () => {
    expect(await related([])).toEqual([])
  })
})
