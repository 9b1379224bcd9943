import { formatDate } from '@/lib/format-date'

interface ArticleMetaProps {
  author: string | undefined
  publishedAt: string | undefined
  minutes?: number
}

/** Byline, date and reading time; each part is left out when the content lacks it. */
export function ArticleMeta({ author, publishedAt, minutes }: ArticleMetaProps) {
  const date = formatDate(publishedAt)
  return (
    <p className="article-meta">
      {author && (
        <span className="byline">
          By <span className="author">{author}</span>
        </span>
      )}
      {date && <time dateTime={publishedAt}>{date}</time>}
      {minutes !== undefined && <span>{minutes} min read</span>}
    </p>
  )
}
