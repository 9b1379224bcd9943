import { ArticleCard } from '@/components/article-card'
import { PaginationNav } from '@/components/pagination-nav'
import { pageCount } from '@/lib/pagination'
import { renderOnRequestIfUnreachable } from '@/sanity/lake-unreachable'
import { HOME_PAGE_SIZE } from '@repo/queries/page-sizes'
import { loadArticlePage } from '@/sanity/loaders/latest-articles'

// A safety net: publishing will revalidate the `articles` cache tag at once.
export const revalidate = 60

export default async function HomePage() {
  const { articles, total } = await loadArticlePage(1).catch((error: unknown) =>
    renderOnRequestIfUnreachable('/', error),
  )
  const [lead, ...rest] = articles
  if (!lead) {
    return (
      <section className="empty-state">
        <h1>Nothing published yet</h1>
        <p>The first stories are on their way. Come back soon.</p>
      </section>
    )
  }
  return (
    <div className="home">
      <h1 className="visually-hidden">Latest articles</h1>
      <ArticleCard article={lead} lead />
      {rest.length > 0 && (
        <section aria-labelledby="more-stories" className="card-list">
          <h2 id="more-stories" className="section-title">
            More stories
          </h2>
          {rest.map((article) => (
            <ArticleCard key={article._id} article={article} />
          ))}
        </section>
      )}
      <PaginationNav
        basePath="/"
        page={1}
        pages={pageCount(total, HOME_PAGE_SIZE)}
        label="More stories"
      />
    </div>
  )
}
