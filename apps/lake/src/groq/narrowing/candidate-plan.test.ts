import { parse } from 'groq-js'
import type { ExprNode } from 'groq-js'
import { describe, expect, it } from 'vitest'
import type { SanityDocument } from '../../store/store.ts'
import { planFilter, resolvePlan } from './candidate-plan.ts'
import { DocumentIndex } from './document-index.ts'

const docs: SanityDocument[] = [
  { _id: 'a1', _type: 'article', slug: { current: 's1' }, tags: [{ _ref: 't1' }, { _ref: 't2' }] },
  { _id: 'a2', _type: 'article', slug: { current: 's2' }, tags: [{ _ref: 't2' }] },
  { _id: 'drafts.a1', _type: 'article', slug: { current: 's1' }, tags: [{ _ref: 't1' }] },
  { _id: 't1', _type: 'tag', slug: { current: 'tag-1' } },
  { _id: 't2', _type: 'tag', slug: { current: 'tag-2' } },
]
const index = new DocumentIndex(docs)

/** The ids a filter's plan allows (`all` when it cannot narrow). */
function candidates(filter: string, params: Record<string, unknown> = {}) {
  const tree = parse(`*[${filter}]`) as ExprNode & { expr: ExprNode }
  const positions = resolvePlan(planFilter(tree.expr), index, params)
  return positions === 'all' ? 'all' : index.at(positions).map((doc) => doc._id)
}

describe('candidate plans', () => {
  it('narrows by type, slug and id', () => {
    expect(candidates('_type == "tag"')).toEqual(['t1', 't2'])
    expect(candidates('_type == "article" && slug.current == $slug', { slug: 's1' })).toEqual([
      'a1',
      'drafts.a1',
    ])
    expect(candidates('_id in $ids || _id == "t2"', { ids: ['a2'] })).toEqual(['a2', 't2'])
    expect(candidates('_id in path("drafts.**")')).toEqual(['drafts.a1'])
  })

  it('narrows by references in their usual spellings', () => {
    expect(candidates('references("t1")')).toEqual(['a1', 'drafts.a1'])
    expect(candidates('"t2" in tags[]._ref')).toEqual(['a1', 'a2'])
    expect(candidates('tags[0]._ref == "t2"')).toEqual(['a1', 'a2'])
    expect(candidates('count((tags[]._ref)[@ in $ids]) > 0', { ids: ['t1'] })).toEqual([
      'a1',
      'drafts.a1',
    ])
  })

  it('scans everything when it cannot tell', () => {
    expect(candidates('!(_type == "tag")')).toBe('all')
    expect(candidates('_type == "tag" || defined(title)')).toBe('all')
    expect(candidates('_type == $type', { type: 5 })).toBe('all')
    expect(candidates('_type in $types', { types: ['tag', null] })).toBe('all')
    expect(candidates('_id in path("**")')).toBe('all')
    expect(candidates('count((tags[]._ref)[@ in $ids]) < 1', { ids: ['t1'] })).toBe('all')
  })

  it('finds nothing where nothing can match', () => {
    expect(candidates('references([])')).toEqual([])
    expect(candidates('_type == "tag" && slug.current == "nope"')).toEqual([])
  })
})
