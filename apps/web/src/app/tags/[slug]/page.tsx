import type { Metadata } from 'next'
import { notFound } from 'next/navigation'

import { TagArticles } from '@/components/tag-articles'
import { env } from '@/env'
import { staticParamsOrNone } from '@/sanity/lake-unreachable'
import { prerenderedTagSlugs } from '@/sanity/loaders/prerendered-tag-slugs'
import { loadTagPage } from '@/sanity/loaders/tag-articles'

// A safety net: publishing will revalidate the tag's cache tag at once.
export const revalidate = 60
export const dynamicParams = true

interface TagPageProps {
  params: Promise<{ slug: string }>
}

export function generateStaticParams() {
  return staticParamsOrNone('/tags/[slug]', async () =>
    (await prerenderedTagSlugs()).map((slug) => ({ slug })),
  )
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
