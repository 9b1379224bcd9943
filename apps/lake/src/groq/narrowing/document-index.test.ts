import { describe, expect, it } from 'vitest'
import type { SanityDocument } from '../../store/store.ts'
import { DocumentIndex } from './document-index.ts'

const docs: SanityDocument[] = [
  { _id: 'a', _type: 'article', slug: { current: 'one' }, tags: [{ _ref: 't1' }] },
  { _id: 'drafts.a', _type: 'article', slug: { current: 'one' } },
  { _id: 'draftsX', _type: 'odd', slug: { current: 5 } },
  // `references()` stops at an object with a `_ref`; `x.inner._ref` still reads the inner one.
  { _id: 'n', _type: 'odd', x: { _ref: 't2', inner: { _ref: 't1' } }, y: [{ _ref: 7 }] },
  { _id: 't1', _type: 'tag', slug: [{ current: 'one' }] },
]
const index = new DocumentIndex(docs)

describe('DocumentIndex', () => {
  it('looks documents up by type, slug and id, in view order', () => {
    expect(index.ofType('article')).toEqual([0, 1])
    expect(index.withSlug('one')).toEqual([0, 1])
    expect(index.withId('n')).toEqual([3])
    expect(index.withId('nope')).toEqual([])
    expect(index.at([4])).toEqual([docs[4]])
  })

  it('finds id prefixes, including ids that only share the first letters', () => {
    expect(index.withIdPrefix('drafts')).toEqual([1, 2])
    expect(index.withIdPrefix('z')).toEqual([])
  })

  it('indexes every string _ref, and answers references() as groq-js does', () => {
    expect(index.referencing('t1')).toEqual([0, 3])
    expect(index.documentReferences('n', 't2')).toBe(true)
    expect(index.documentReferences('n', 't1')).toBe(false)
    expect(index.documentReferences('a', 't1')).toBe(true)
  })

  it('keeps a posting list per _ref with how many objects of each document hold it', () => {
    const postings = new DocumentIndex([
      { _id: 'a', _type: 'x', tags: [{ _ref: 't1' }, { _ref: 't1' }], x: { _ref: 't2' } },
      { _id: 'b', _type: 'x', tags: [{ _ref: 7 }, 't1'] },
      { _id: 'c', _type: 'x', deep: [[{ _ref: 't1', inner: { _ref: 't1' } }]] },
    ])
    expect(postings.referencePostings('t1')).toEqual({ positions: [0, 2], counts: [2, 2] })
    expect(postings.referencePostings('t2')).toEqual({ positions: [0], counts: [1] })
    expect(postings.referencePostings('nope')).toEqual({ positions: [], counts: [] })
    expect(postings.referencing('t1')).toEqual([0, 2])
  })

  it('ranks positions by a value as order() compares it, equal values sharing a rank', () => {
    const dated = new DocumentIndex([
      { _id: 'a', _type: 'x', at: '2024' },
      { _id: 'b', _type: 'x', at: 5 },
      { _id: 'c', _type: 'x' },
      { _id: 'd', _type: 'x', at: '2023' },
      { _id: 'e', _type: 'x', at: '2024' },
      { _id: 'f', _type: 'x', at: { y: 1 } },
    ])
    expect([...dated.rankBy(['at'])]).toEqual([2, 0, 3, 1, 2, 3])
  })
})
