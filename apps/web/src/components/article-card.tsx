import Link from 'next/link'

import type { ArticleCard as ArticleCardData } from '@repo/queries/results'

import { ArticleMeta } from './article-meta'
import { SanityImage } from './sanity-image'
import { TagList } from './tag-list'

interface ArticleCardProps {
  article: ArticleCardData
  lead?: boolean
  /** A small card for lists under an article: no tags, a lower heading. */
  compact?: boolean
}

/** An article in a list; the lead story gets a large image and its excerpt. */
export function ArticleCard({ article, lead = false, compact = false }: ArticleCardProps) {
  const href = `/articles/${article.slug}`
  // Compact cards sit under a section heading of their own.
  const Title = compact ? 'h3' : 'h2'
  return (
    <article className={lead ? 'card card-lead' : compact ? 'card card-compact' : 'card'}>
      {article.heroImage && (
        <Link href={href} className="card-image" tabIndex={-1} aria-hidden="true">
          <SanityImage
            picture={article.heroImage}
            aspectRatio={16 / 9}
            sizes={imageSizes(lead, compact)}
            priority={lead}
          />
        </Link>
      )}
      <div className="card-text">
        <Title className="card-title">
          <Link href={href}>{article.title}</Link>
        </Title>
        {article.subtitle && <p className="card-dek">{article.subtitle}</p>}
        {lead && article.excerpt && <p className="card-excerpt">{article.excerpt}</p>}
        <ArticleMeta author={article.author} publishedAt={article.publishedAt} />
        {!compact && <TagList tags={article.tags} label={`Tags of ${article.title}`} />}
      </div>
    </article>
  )
}

/** The width the card's image is shown at, for the browser's pick from its srcset. */
function imageSizes(lead: boolean, compact: boolean): string {
  if (lead) return '(min-width: 64rem) 60rem, 100vw'
  // Compact cards stack their image over the text: a third of the 60rem column from 48rem on.
  if (compact) return '(min-width: 64rem) 19rem, (min-width: 48rem) 30vw, 100vw'
  return '(min-width: 40rem) 16rem, 100vw'
}
