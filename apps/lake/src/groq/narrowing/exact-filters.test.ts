import { parse } from 'groq-js'
import type { ExprNode } from 'groq-js'
import { describe, expect, it } from 'vitest'
import { readsOnlyTheDocument } from './exact-filters.ts'

function filterOf(query: string): ExprNode {
  const tree = parse(query)
  if (tree.type !== 'Filter') throw new Error(`not a filter: ${query}`)
  return tree.expr
}

describe('readsOnlyTheDocument', () => {
  it('accepts filters of the document and literals', () => {
    for (const filter of [
      '_type == "article" && defined(slug.current)',
      '!(_id in path("drafts.**")) && publishedAt > "2020"',
      'count(tags[_ref in ["a", "b"]]) > 1 || references("x")',
      'lower(title) match "a*" && string::startsWith(_id, "a")',
    ]) {
      expect(readsOnlyTheDocument(filterOf(`*[${filter}]`)), filter).toBe(true)
    }
  })

  it('refuses params, enclosing scopes, other documents, the clock and identity', () => {
    for (const filter of [
      '_type == $type',
      '_id == ^._id',
      'count(*[_type == "x"]) > 0',
      'author->name == "x"',
      'publishedAt < now()',
      'dateTime(publishedAt) < dateTime::now()',
      'identity() == "x"',
      'sanity::projectId() == "x"',
      'count(tags[] | order(_key)) > 0',
    ]) {
      expect(readsOnlyTheDocument(filterOf(`*[${filter}]`)), filter).toBe(false)
    }
  })
})
