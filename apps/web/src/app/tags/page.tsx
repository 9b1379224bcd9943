import type { Metadata } from 'next'
import Link from 'next/link'

import { env } from '@/env'
import { renderOnRequestIfUnreachable } from '@/sanity/lake-unreachable'
import { loadTagIndex } from '@/sanity/loaders/tag-index'

// A safety net: publishing an article or a tag revalidates this index at once.
export const revalidate = 60

export const metadata: Metadata = {
  title: 'Tags',
  description: 'Every subject Cybermediateinment writes about.',
  alternates: { canonical: `${env.siteUrl}/tags` },
}

export default async function TagIndexPage() {
  const tags = await loadTagIndex().catch((error: unknown) =>
    renderOnRequestIfUnreachable('/tags', error),
  )
  return (
    <div className="tag-index">
      <h1 className="page-title">Tags</h1>
      {tags.length === 0 ? (
        <p className="empty-state">No tags yet.</p>
      ) : (
        <ul className="tag-index-list">
          {tags.map((tag) => (
            <li key={tag._id}>
              <Link href={`/tags/${tag.slug}`}>{tag.title}</Link>
              <span className="tag-index-count">
                {tag.articleCount === 1 ? '1 article' : `${tag.articleCount} articles`}
              </span>
              {tag.description && <p>{tag.description}</p>}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
