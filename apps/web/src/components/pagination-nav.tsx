import Link from 'next/link'

import { pageHref } from '@/lib/pagination'

interface PaginationNavProps {
  basePath: string
  page: number
  pages: number
  label: string
}

/** Newer/older links between the pages of a list; nothing when everything fits on one page. */
export function PaginationNav({ basePath, page, pages, label }: PaginationNavProps) {
  if (pages <= 1) return null
  return (
    <nav className="pagination" aria-label={label}>
      {page > 1 ? (
        <Link href={pageHref(basePath, page - 1)} rel="prev">
          ← Newer stories
        </Link>
      ) : (
        <span />
      )}
      <span className="pagination-position">
        Page {page} of {pages}
      </span>
      {page < pages ? (
        <Link href={pageHref(basePath, page + 1)} rel="next">
          Older stories →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  )
}
