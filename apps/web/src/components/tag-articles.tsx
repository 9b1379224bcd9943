import Link from 'next/link'

import { pageCount } from '@/lib/pagination'
import type { ArticleCard as ArticleCardData } from '@repo/queries/results'
import { TAG_PAGE_SIZE } from '@repo/queries/page-sizes'

import { ArticleCard } from './article-card'
import { PaginationNav } from './pagination-nav'

interface TagArticlesProps {
  tag: { title: string; slug: string; description?: string | undefined }
  articles: ArticleCardData[]
  total: number
  page: number
}

/** A tag's header and one page of its articles; a tag with none says so and offers the rest. */
export function TagArticles({ tag, articles, total, page }: TagArticlesProps) {
  return (
    <div className="tag-page">
      <header className="tag-header">
        <p className="kicker">
          <Link href="/tags">Tags</Link>
        </p>
        <h1>{tag.title}</h1>
        {tag.description && <p className="dek">{tag.description}</p>}
        <p className="tag-count">
          {total === 1 ? '1 article' : `${total} articles`}
          {page > 1 && `, page ${page}`}
        </p>
      </header>
      {articles.length === 0 ? (
        <p className="empty-state">
          Nothing filed under {tag.title} yet. <Link href="/tags">Browse the other tags</Link> or{' '}
          <Link href="/">read the latest stories</Link>.
        </p>
      ) : (
        <section className="card-list" aria-label={`Articles tagged ${tag.title}`}>
          {articles.map((article) => (
            <ArticleCard key={article._id} article={article} />
          ))}
        </section>
      )}
      <PaginationNav
        basePath={`/tags/${tag.slug}`}
        page={page}
        pages={pageCount(total, TAG_PAGE_SIZE)}
        label={`More articles tagged ${tag.title}`}
      />
    </div>
  )
}
