import { describe, expect, it } from 'vitest'

import type { Article } from '@repo/queries/results'

import { newsArticleJsonLd, scriptSafeJson } from './news-article-json-ld'

const article: Article = {
  _id: 'a',
  title: 'Title </script><script>alert(1)</script>',
  slug: 'title',
  subtitle: 'Dek',
  excerpt: undefined,
  author: 'Cybermediateinment',
  publishedAt: '2025-02-03T09:00:00Z',
  heroImage: null,
  tags: [{ _id: 't', title: 'AI', slug: 'ai' }],
  seoTitle: undefined,
  body: [],
}

describe('newsArticleJsonLd', () => {
  it('should describe the article as a NewsArticle', () => {
    const data = newsArticleJsonLd(article, {
      siteUrl: 'https://example.test',
      publisher: 'Cybermediateinment',
      imageUrl: 'https://example.test/og.png',
    })
    expect(data).toMatchObject({
      '@type': 'NewsArticle',
      url: 'https://example.test/articles/title',
      description: 'Dek',
      datePublished: '2025-02-03T09:00:00Z',
      image: ['https://example.test/og.png'],
      author: [{ '@type': 'Person', name: 'Cybermediateinment' }],
      keywords: 'AI',
    })
  })

  it('should never let content close the script element', () => {
    const json = scriptSafeJson(
      newsArticleJsonLd(article, { siteUrl: 'x', publisher: 'p', imageUrl: undefined }),
    )
    expect(json).not.toContain('</script>')
    expect(JSON.parse(json)).toMatchObject({ headline: article.title })
  })
})
