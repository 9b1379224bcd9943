import type { MetadataRoute } from 'next'

import { env } from '@/env'
import { cacheTags } from '@/sanity/cache-tags'
import { sanityFetch } from '@/sanity/fetch'
import { sitemapQuery, sitemapResult } from '@/sanity/queries'

// A safety net: publishing revalidates the `articles` and `tags` cache tags at once.
export const revalidate = 60

/** One sitemap holds at most 50,000 addresses. */
const SITEMAP_LIMIT = 45_000

export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const { articles, tags } = await sanityFetch({
    query: sitemapQuery,
    params: { limit: SITEMAP_LIMIT },
    parser: sitemapResult,
    tags: [cacheTags.articles, cacheTags.tags],
  })
  const lastModified = (value: string | null | undefined) => (value ? new Date(value) : undefined)
  return [
    { url: `${env.siteUrl}/`, changeFrequency: 'hourly', priority: 1 },
    { url: `${env.siteUrl}/tags`, changeFrequency: 'daily', priority: 0.4 },
    ...articles.map((article) => ({
      url: `${env.siteUrl}/articles/${article.slug}`,
      lastModified: lastModified(article._updatedAt),
      priority: 0.8,
    })),
    ...tags.map((tag) => ({
      url: `${env.siteUrl}/tags/${tag.slug}`,
      lastModified: lastModified(tag._updatedAt),
      priority: 0.5,
    })),
  ]
}
