import type { Metadata } from 'next'
import { notFound } from 'next/navigation'

import { TagArticles } from '@/components/tag-articles'
import { env } from '@/env'
import { cacheTags } from '@/sanity/cache-tags'
import { sanityFetch } from '@/sanity/fetch'
import { staticParamsOrNone } from '@/sanity/lake-unreachable'
import { tagSlugsQuery, tagSlugsResult } from '@/sanity/queries'
import { loadTagPage } from '@/sanity/tag-articles'

// A safety net: publishing will revalidate the tag's cache tag at once.
export const revalidate = 60
export const dynamicParams = true

/** Tags beyond these render on first request. */
const PRERENDER_LIMIT = 100

interface TagPageProps {
  params: Promise<{ slug: string }>
}

export function generateStaticParams() {
  return staticParamsOrNone('/tags/[slug]', async () => {
    const slugs = await sanityFetch({
      query: tagSlugsQuery,
      params: { limit: PRERENDER_LIMIT },
      parser: tagSlugsResult,
      tags: [cacheTags.tags],
    })
    return slugs.map((slug) => ({ slug }))
  })
}

export async function generateMetadata({ params }: TagPageProps): Promise<Metadata> {
  const tag = await loadTagPage((await params).slug, 1)
  if (!tag) return {}
  return {
    title: tag.title,
    description: tag.description ?? `Articles about ${tag.title}.`,
    alternates: { canonical: `${env.siteUrl}/tags/${tag.slug}` },
  }
}

export default async function TagPage({ params }: TagPageProps) {
  const tag = await loadTagPage((await params).slug, 1)
  if (!tag) notFound()
  return <TagArticles tag={tag} articles={tag.articles} total={tag.total} page={1} />
}
