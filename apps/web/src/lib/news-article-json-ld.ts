import type { Article } from '@repo/queries/results'

interface JsonLdOptions {
  siteUrl: string
  publisher: string
  /** Absolute URL of the article's share image. */
  imageUrl: string | undefined
}

/** schema.org NewsArticle for the article page; fields the content lacks are left out. */
export function newsArticleJsonLd(
  article: Article,
  { siteUrl, publisher, imageUrl }: JsonLdOptions,
) {
  const url = `${siteUrl}/articles/${article.slug}`
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    mainEntityOfPage: { '@type': 'WebPage', '@id': url },
    url,
    headline: article.seoTitle ?? article.title,
    description: article.excerpt ?? article.subtitle,
    datePublished: article.publishedAt,
    image: imageUrl ? [imageUrl] : undefined,
    author: article.author ? [{ '@type': 'Person', name: article.author }] : undefined,
    publisher: { '@type': 'Organization', name: publisher, url: siteUrl },
    keywords: article.tags.map((tag) => tag.title).join(', ') || undefined,
  }
}

/**
 * JSON for a `<script type="application/ld+json">`: `<` is escaped so content containing
 * `</script>` cannot close the element early.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}
