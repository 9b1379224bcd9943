import { ArticleCard } from '@/components/article-card'
import { cacheTags } from '@/sanity/cache-tags'
import { sanityFetch } from '@/sanity/fetch'
import { renderOnRequestIfUnreachable } from '@/sanity/lake-unreachable'
import { latestArticlesQuery, latestArticlesResult } from '@/sanity/queries'

// A safety net: publishing will revalidate the `articles` cache tag at once.
export const revalidate = 60

const HOME_LIMIT = 20

export default async function HomePage() {
  const articles = await sanityFetch({
    query: latestArticlesQuery,
    params: { limit: HOME_LIMIT },
    parser: latestArticlesResult,
    tags: [cacheTags.articles],
  }).catch((error: unknown) => renderOnRequestIfUnreachable('/', error))
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
    </div>
  )
}
