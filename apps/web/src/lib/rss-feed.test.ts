import { describe, expect, it } from 'vitest'

import { rssFeed, xmlText } from './rss-feed'

const article = {
  _id: 'a',
  title: 'Chips & <Code>',
  slug: 'chips-code',
  subtitle: 'A "dek"',
  excerpt: undefined,
  author: 'Cybermediateinment',
  publishedAt: '2025-02-03T09:00:00Z',
  heroImage: null,
  tags: [{ _id: 't', title: 'AI', slug: 'ai' }],
}

describe('rssFeed', () => {
  it('should escape content and carry every item field feed readers read', () => {
    const xml = rssFeed({
      siteUrl: 'https://example.test',
      title: 'Site',
      description: 'About',
      articles: [article, { ...article, _id: 'b', slug: 'undated', publishedAt: 'not a date' }],
    })
    expect(xml).toContain('<title>Chips &amp; &lt;Code&gt;</title>')
    expect(xml).toContain(
      '<guid isPermaLink="true">https://example.test/articles/chips-code</guid>',
    )
    expect(xml).toContain('<pubDate>Mon, 03 Feb 2025 09:00:00 GMT</pubDate>')
    expect(xml).toContain('<description>A &quot;dek&quot;</description>')
    expect(xml).toContain('<dc:creator>Cybermediateinment</dc:creator>')
    expect(xml).toContain('<category>AI</category>')
    expect(xml.match(/<pubDate>/g)).toHaveLength(1)
  })

  it('should drop characters XML cannot carry', () => {
    expect(xmlText('a\u0000b\u000Bc\td')).toBe('abc\td')
  })
})
