import { evaluate, parse } from 'groq-js'
import { describe, expect, it } from 'vitest'

import { matchPatterns, searchWords } from '@/search/search-terms'

import { searchQuery, searchResult } from '@repo/queries/queries'

const block = (text: string) => ({
  _type: 'block',
  _key: text.slice(0, 8),
  style: 'normal',
  markDefs: [],
  children: [{ _type: 'span', _key: 's', text, marks: [] }],
})
const article = (id: string, fields: Record<string, unknown>) => ({
  _id: id,
  _type: 'article',
  title: id,
  slug: { _type: 'slug', current: id },
  publishedAt: '2025-01-01T00:00:00Z',
  body: [block('Nothing to see here.')],
  ...fields,
})

// "orbit" appears once in each place search looks, so the expected order is the weighting's.
const dataset = [
  { _id: 'tag-space', _type: 'tag', title: 'Orbit', slug: { current: 'orbit' } },
  article('in-body', { body: [block('The satellite reached orbit in 1957.')] }),
  article('in-title', { title: 'Orbit and power' }),
  article('in-dek', { subtitle: 'What orbit meant for the Cold War' }),
  article('in-tag', { tags: [{ _type: 'reference', _ref: 'tag-space', _key: 't' }] }),
  article('newer-in-body', {
    publishedAt: '2025-06-01T00:00:00Z',
    body: [block('Another orbit, later.')],
  }),
  article('drafts.in-title', { title: 'Orbit draft' }),
  article('elsewhere', { title: 'Chips', body: [block('Fabs and lithography.')] }),
]

async function search(terms: string, start = 0, end = 10) {
  const params = { terms: matchPatterns(searchWords(terms)), start, end }
  const value: unknown = await (
    await evaluate(parse(searchQuery, { params }), { dataset, params })
  ).get()
  return searchResult.parse(value)
}

describe('searchQuery', () => {
  it('should rank title over dek over tags over body, newer first among equals', async () => {
    const { total, results } = await search('orbit')
    expect(total).toBe(5)
    expect(results.map((result) => result._id)).toEqual([
      'in-title',
      'in-dek',
      'in-tag',
      'newer-in-body',
      'in-body',
    ])
    expect(results.at(-1)?.text).toContain('reached orbit')
  })

  it('should match word prefixes and never return drafts', async () => {
    const { results } = await search('orb')
    expect(results.map((result) => result._id)).not.toContain('drafts.in-title')
    expect(results).toHaveLength(5)
  })

  it('should page through results', async () => {
    const { total, results } = await search('orbit', 4, 10)
    expect(total).toBe(5)
    expect(results.map((result) => result._id)).toEqual(['in-body'])
  })

  it('should find nothing for a nonsense word, and treat GROQ syntax as words', async () => {
    expect((await search('xqzzyv')).total).toBe(0)
    expect((await search('*[_type == "article"] || true')).total).toBe(0)
    expect((await search('orbit power')).results.map((result) => result._id)).toEqual(['in-title'])
    // Words may sit in different fields.
    expect((await search('cold nothing')).results.map((result) => result._id)).toEqual(['in-dek'])
    expect((await search('cold satellite')).total).toBe(0)
    expect((await search('orbit 1957')).results.map((result) => result._id)).toEqual(['in-body'])
    expect((await search('"orbit"')).total).toBe(5)
  })
})
