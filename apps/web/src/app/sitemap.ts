import type { MetadataRoute } from 'next'

import { env } from '@/env'
import { loadSitemapEntries } from '@/sanity/loaders/sitemap-entries'

// A safety net: publishing revalidates the `articles` and `tags` cache tags at once.
export const revalidate = 60

export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const { articles, tags } = await loadSitemapEntries()
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
