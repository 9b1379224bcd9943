import Link from 'next/link'

import type { Tag } from '@repo/queries/results'

export function TagList({ tags, label = 'Tags' }: { tags: Tag[]; label?: string }) {
  if (tags.length === 0) return null
  return (
    <ul className="tag-list" aria-label={label}>
      {tags.map((tag) => (
        <li key={tag._id}>
          <Link href={`/tags/${tag.slug}`}>{tag.title}</Link>
        </li>
      ))}
    </ul>
  )
}
