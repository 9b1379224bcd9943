import Link from 'next/link'

import type { ArticleCard as ArticleCardData } from '@repo/queries/results'

import { ArticleCard } from './article-card'

/** "Similar posts" under an article; with none to show, it points the reader to the tags. */
export function SimilarArticles({ articles }: { articles: ArticleCardData[] }) {
  return (
    <aside aria-labelledby="similar-posts" className="similar">
      <h2 id="similar-posts" className="section-title">
        Similar posts
      </h2>
      {articles.length === 0 ? (
        <p className="empty-note">
          Nothing else on these subjects yet. <Link href="/tags">Browse every tag</Link> or{' '}
          <Link href="/">read the latest stories</Link>.
        </p>
      ) : (
        <div className="card-grid">
          {articles.map((article) => (
            <ArticleCard key={article._id} article={article} compact />
          ))}
        </div>
      )}
    </aside>
  )
}
