import type { Metadata } from 'next'
import { notFound } from 'next/navigation'

import { ArticleCard } from '@/components/article-card'
import { env } from '@/env'
import { cacheTags } from '@/sanity/cache-tags'
import { sanityFetch } from '@/sanity/fetch'
import { staticParamsOrNone } from '@/sanity/lake-unreachable'
import {
  tagSlugsQuery,
  tagSlugsResult,
  tagWithArticlesQuery,
  tagWithArticlesResult,
} from '@/sanity/queries'

// A safety net: publishing will revalidate the tag's cache tag at once.
export const revalidate = 60
export const dynamicParams = true

const TAG_PAGE_LIMIT = 30
/** Tags beyond these render on first request. */
const PRERENDER_LIMIT = 100

interface TagPageProps {
  params: Promise<{ slug: string }>
}

const loadTag = (slug: string) =>
  sanityFetch({
    query: tagWithArticlesQuery,
    params: { slug, limit: TAG_PAGE_LIMIT },
    parser: tagWithArticlesResult,
    tags: [cacheTags.tag(slug)],
  })

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
  const tag = await loadTag((await params).slug)
  if (!tag) return {}
  return {
    title: tag.title,
    description: tag.description ?? `Articles about ${tag.title}.`,
    alternates: { canonical: `${env.siteUrl}/tags/${tag.slug}` },
  }
}

export default async function TagPage({ params }: TagPageProps) {
  const tag = await loadTag((await params).slug)
  if (!tag) notFound()
  return (
    <div className="tag-page">
      <header className="tag-header">
        <p className="kicker">Tag</p>
        <h1>{tag.title}</h1>
        {tag.description && <p className="dek">{tag.description}</p>}
      </header>
      {tag.articles.length === 0 ? (
        <p className="empty-state">Nothing filed under {tag.title} yet.</p>
      ) : (
        <section className="card-list" aria-label={`Articles tagged ${tag.title}`}>
          {tag.articles.map((article) => (
            <ArticleCard key={article._id} article={article} />
          ))}
        </section>
      )}
    </div>
  )
}
