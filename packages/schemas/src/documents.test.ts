import { describe, expect, it } from 'vitest'

import { articleDocumentSchema, quoteDocumentSchema, slugSchema } from './documents.ts'

const article = {
  _id: 'article-a',
  _type: 'article',
  title: 'A title long enough',
  slug: { _type: 'slug', current: 'a-title' },
  subtitle: 'Why it matters.',
  author: 'Cybermediateinment',
  publishedAt: '2025-02-03T09:00:00Z',
  body: [
    {
      _type: 'block',
      _key: 'b1',
      children: [{ _type: 'span', _key: 's1', text: 'Hello.' }],
    },
    { _type: 'quoteReference', _key: 'q1', _ref: 'quote-a' },
  ],
  tags: [{ _type: 'reference', _key: 't1', _ref: 'tag-a' }],
}

describe('articleDocumentSchema', () => {
  it('should accept a minimal article and fill Portable Text defaults', () => {
    const parsed = articleDocumentSchema.parse(article)
    expect(parsed.body[0]).toMatchObject({ style: 'normal', markDefs: [] })
  })

  it('should reject the same tag twice', () => {
    const tags = [article.tags[0], { ...article.tags[0], _key: 't2' }]
    expect(articleDocumentSchema.safeParse({ ...article, tags }).success).toBe(false)
  })

  it('should reject unknown body members', () => {
    const body = [{ _type: 'video', _key: 'v1' }]
    expect(articleDocumentSchema.safeParse({ ...article, body }).success).toBe(false)
  })
})

describe('slugSchema', () => {
  it.each(['Has-Capitals', 'double--hyphen', '-leading', 'spa ce', ''])('should reject %j', (current) => {
    expect(slugSchema.safeParse({ _type: 'slug', current }).success).toBe(false)
  })
})

describe('quoteDocumentSchema', () => {
  it('should reject text wrapped in quotation marks', () => {
    const quote = { _id: 'q', _type: 'quote', text: '“Hello there.”', attribution: 'Someone' }
    expect(quoteDocumentSchema.safeParse(quote).success).toBe(false)
    expect(quoteDocumentSchema.safeParse({ ...quote, text: 'Hello there.' }).success).toBe(true)
  })
})
