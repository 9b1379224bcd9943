import { describe, expect, it } from 'vitest'
import { deadlineParams } from './deadline-params.ts'
import { parseQuery } from './parse-query.ts'

describe('parseQuery with params in slice bounds', () => {
  it("keeps no request's param objects in the cached tree", () => {
    const query = '*[_id in $ids][0...$limit]._id'
    const params = deadlineParams({ ids: ['a', 'b'], limit: 2 }, 10_000)
    const { tree } = parseQuery(query, params)
    expect(JSON.stringify(tree)).toContain('{"type":"Parameter","name":"ids"}')
    const found: unknown[] = []
    JSON.stringify(tree, (_key, value: unknown) => {
      if (value === params.ids) found.push(value)
      return value
    })
    expect(found).toEqual([])
    expect(parseQuery(query, deadlineParams({ ids: ['a', 'b'], limit: 2 }, 10_000)).tree).toBe(tree)
  })

  it('shares one tree between requests that differ only in params outside the bounds', () => {
    const query = '*[_id != $id][0...$limit]._id'
    const first = parseQuery(query, { id: 'a', limit: 3 })
    expect(parseQuery(query, { id: 'b', limit: 3 }).tree).toBe(first.tree)
    expect(parseQuery(query, { id: 'a', limit: 4 }).tree).not.toBe(first.tree)
    expect([...first.params]).toEqual(['id'])
  })
})
