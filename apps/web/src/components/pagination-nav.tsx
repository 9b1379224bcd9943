import Link from 'next/link'

import { pageHref as listPageHref } from '@/lib/pagination'

interface PaginationNavProps {
  basePath: string
  page: number
  pages: number
  label: string
  /** Addresses of other pages; lists use `/page/<n>` under `basePath`. */
  pageHref?: (page: number) => string
}

/** Newer/older links between the pages of a list; nothing when everything fits on one page. */
export function PaginationNav({
  basePath,
  page,
  pages,
  label,
  pageHref = (target) => listPageHref(basePath, target),
}: PaginationNavProps) {
  if (pages <= 1) return null
  return (
    <nav className="pagination" aria-label={label}>
      {page > 1 ? (
        <Link href={pageHref(page - 1)} rel="prev">
          ← Newer stories
        </Link>
      ) : (
        <span />
      )}
      <span className="pagination-position">
        Page {page} of {pages}
      </span>
      {page < pages ? (
        <Link href={pageHref(page + 1)} rel="next">
          Older stories →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  )
}
