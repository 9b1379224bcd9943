import { describe, expect, it } from 'vitest'

import { revalidationTags, touchedTagIds, webhookBody } from './revalidation-tags'

const body = (fields: Record<string, unknown>) => webhookBody.parse({ _id: 'x', ...fields })

describe('revalidationTags', () => {
  it('should expire an article, every list and its tags, old and new', () => {
    const published = body({
      _type: 'article',
      slug: 'new-slug',
      previousSlug: 'old-slug',
      tagIds: ['tag-ai'],
      previousTagIds: ['tag-europe', null],
    })
    expect(touchedTagIds(published)).toEqual(['tag-ai', 'tag-europe'])
    expect(
      revalidationTags(published, { tagSlugs: ['ai', 'europe'], articles: [] }).sort(),
    ).toEqual(['article:new-slug', 'article:old-slug', 'articles', 'tag:ai', 'tag:europe'])
  })

  it('should expire a first-time article without a previous version', () => {
    const created = body({ _type: 'article', slug: 'fresh', previousSlug: null, tagIds: null })
    expect(revalidationTags(created, { tagSlugs: [], articles: [] }).sort()).toEqual([
      'article:fresh',
      'articles',
    ])
  })

  it('should expire a renamed tag, the index, and the articles showing it', () => {
    const tag = body({ _type: 'tag', slug: 'ai', previousSlug: 'a-i' })
    const targets = { tagSlugs: [], articles: [{ slug: 'one', tags: ['ai', 'chips'] }] }
    expect(revalidationTags(tag, targets).sort()).toEqual([
      'article:one',
      'articles',
      'tag:a-i',
      'tag:ai',
      'tag:chips',
      'tags',
    ])
  })

  it('should expire the articles that show a changed quote or picture, and nothing else', () => {
    const quote = body({ _type: 'quote' })
    expect(revalidationTags(quote, { tagSlugs: [], articles: [] })).toEqual([])
    const targets = { tagSlugs: [], articles: [{ slug: 'two', tags: [] }] }
    expect(revalidationTags(body({ _type: 'picture' }), targets).sort()).toEqual([
      'article:two',
      'articles',
    ])
  })

  it('should refuse a body without an id or type', () => {
    expect(webhookBody.safeParse({ _type: 'article' }).success).toBe(false)
    expect(webhookBody.safeParse({ _id: 'x' }).success).toBe(false)
  })
})
