import type { Metadata } from 'next'
import { notFound, permanentRedirect } from 'next/navigation'

import { ArticleCard } from '@/components/article-card'
import { PaginationNav } from '@/components/pagination-nav'
import { env } from '@/env'
import { pageCount, pageHref, parsePageSegment } from '@/lib/pagination'
import { HOME_PAGE_SIZE } from '@repo/queries/page-sizes'
import { loadArticlePage } from '@/sanity/loaders/latest-articles'

// Older pages render on first request and stay cached; publishing revalidates `articles`.
export const revalidate = 60
export const dynamicParams = true

export function generateStaticParams() {
  return []
}

interface OlderStoriesProps {
  params: Promise<{ page: string }>
}

export async function generateMetadata({ params }: OlderStoriesProps): Promise<Metadata> {
  const page = parsePageSegment((await params).page)
  if (!page) return {}
  return {
    title: `Older stories, page ${page}`,
    alternates: { canonical: `${env.siteUrl}${pageHref('/', page)}` },
  }
}

export default async function OlderStoriesPage({ params }: OlderStoriesProps) {
  const segment = (await params).page
  if (segment === '1') permanentRedirect('/')
  const page = parsePageSegment(segment)
  if (!page) notFound()
  const { articles, total } = await loadArticlePage(page)
  if (articles.length === 0) notFound()
  return (
    <div className="home">
      <h1 className="page-title">Older stories</h1>
      <section aria-label={`Stories, page ${page}`} className="card-list">
        {articles.map((article) => (
          <ArticleCard key={article._id} article={article} />
        ))}
      </section>
      <PaginationNav
        basePath="/"
        page={page}
        pages={pageCount(total, HOME_PAGE_SIZE)}
        label="More stories"
      />
    </div>
  )
}
