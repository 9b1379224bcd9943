import type { Metadata } from 'next'
import { notFound, permanentRedirect } from 'next/navigation'

import { TagArticles } from '@/components/tag-articles'
import { env } from '@/env'
import { pageHref, parsePageSegment } from '@/lib/pagination'
import { loadTagPage } from '@/sanity/loaders/tag-articles'

// Later pages render on first request and stay cached until the tag is revalidated.
export const revalidate = 60
export const dynamicParams = true

export function generateStaticParams() {
  return []
}

interface TagPageProps {
  params: Promise<{ slug: string; page: string }>
}

export async function generateMetadata({ params }: TagPageProps): Promise<Metadata> {
  const { slug, page: segment } = await params
  const page = parsePageSegment(segment)
  const tag = page && (await loadTagPage(slug, page))
  if (!page || !tag) return {}
  return {
    title: `${tag.title}, page ${page}`,
    alternates: { canonical: `${env.siteUrl}${pageHref(`/tags/${tag.slug}`, page)}` },
  }
}

export default async function TagPageN({ params }: TagPageProps) {
  const { slug, page: segment } = await params
  if (segment === '1') permanentRedirect(`/tags/${slug}`)
  const page = parsePageSegment(segment)
  if (!page) notFound()
  const tag = await loadTagPage(slug, page)
  if (!tag || tag.articles.length === 0) notFound()
  return <TagArticles tag={tag} articles={tag.articles} total={tag.total} page={page} />
}
