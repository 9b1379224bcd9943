import type { ArticleCard } from '@repo/queries/results'

interface FeedOptions {
  siteUrl: string
  title: string
  description: string
  articles: ArticleCard[]
}

const xmlEscapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
}

/** Text for XML: escaped, and without the control characters XML 1.0 forbids outright. */
export function xmlText(value: string): string {
  return (
    value
      // eslint-disable-next-line no-control-regex -- matching them is the point
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/[&<>"']/g, (character) => xmlEscapes[character] ?? character)
  )
}

const element = (name: string, value: string | undefined) =>
  value === undefined ? '' : `<${name}>${xmlText(value)}</${name}>`

/** RSS 2.0 of the newest articles, with the Atom self link and Dublin Core author feed readers use. */
export function rssFeed({ siteUrl, title, description, articles }: FeedOptions): string {
  const items = articles.map((article) => {
    const url = `${siteUrl}/articles/${article.slug}`
    const published = article.publishedAt ? new Date(article.publishedAt) : undefined
    return [
      '<item>',
      element('title', article.title),
      element('link', url),
      `<guid isPermaLink="true">${xmlText(url)}</guid>`,
      published && !Number.isNaN(published.valueOf())
        ? element('pubDate', published.toUTCString())
        : '',
      element('description', article.excerpt ?? article.subtitle),
      element('dc:creator', article.author),
      ...article.tags.map((tag) => element('category', tag.title)),
      '</item>',
    ].join('')
  })
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    '<channel>',
    element('title', title),
    element('link', `${siteUrl}/`),
    element('description', description),
    '<language>en</language>',
    `<atom:link href="${xmlText(`${siteUrl}/feed.xml`)}" rel="self" type="application/rss+xml"/>`,
    ...items,
    '</channel>',
    '</rss>',
  ].join('\n')
}
