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
})
