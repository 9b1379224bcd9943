import type { Metadata } from 'next'
import Link from 'next/link'

import { SEARCH_PAGE_SIZE } from '@repo/queries/page-sizes'

import { ArticleMeta } from '@/components/article-meta'
import { PaginationNav } from '@/components/pagination-nav'
import { pageCount, pageWindow, parsePageSegment } from '@/lib/pagination'
import { loadSearchResults } from '@/sanity/loaders/search-results'
import { MAX_QUERY_LENGTH, searchExcerpt, searchInput, searchWords } from '@/search/search-terms'

export const metadata: Metadata = {
  title: 'Search',
  // Result pages are endless variations of the same content.
  robots: { index: false, follow: true },
}

interface SearchPageProps {
  searchParams: Promise<{ q?: string | string[]; page?: string | string[] }>
}

/** Site search on the content lake: a plain GET form, so it works without JavaScript. */
export default async function SearchPage({ searchParams }: SearchPageProps) {
  const params = await searchParams
  const { query, truncated } = searchInput(params.q)
  const words = searchWords(query)
  const pageParam = Array.isArray(params.page) ? params.page[0] : params.page
  const page = parsePageSegment(pageParam ?? '') ?? 1
  const { start } = pageWindow(page, SEARCH_PAGE_SIZE)
  const found = words.length > 0 ? await loadSearchResults(words, page) : undefined
  const basePath = `/search?q=${encodeURIComponent(query)}`
  return (
    <div className="search-page">
      <h1 className="page-title">Search</h1>
      <form action="/search" method="get" role="search" className="search-form search-form-large">
        <label htmlFor="search-page-q" className="visually-hidden">
          Search articles
        </label>
        <input
          id="search-page-q"
          type="search"
          name="q"
          defaultValue={query}
          maxLength={MAX_QUERY_LENGTH}
          placeholder="Search articles"
        />
        <button type="submit">Search</button>
      </form>
      {truncated && (
        <p className="search-note">
          Only the first {MAX_QUERY_LENGTH} characters of your search were used.
        </p>
      )}
      {query === '' ? (
        <p className="empty-note">Search every article by its title, dek, tags and text.</p>
      ) : !found || found.total === 0 ? (
        <div className="empty-state">
          <p>
            Nothing matches <strong>“{query}”</strong>. Try fewer or other words, or{' '}
            <Link href="/tags">browse the tags</Link>.
          </p>
        </div>
      ) : (
        <>
          <p className="search-count" role="status">
            {found.total === 1 ? '1 article' : `${found.total} articles`} for{' '}
            <strong>“{query}”</strong>
          </p>
          <ol className="search-results" start={start + 1}>
            {found.results.map((result) => (
              <li key={result._id}>
                <h2 className="card-title">
                  <Link href={`/articles/${result.slug}`}>{result.title}</Link>
                </h2>
                {result.subtitle && <p className="card-dek">{result.subtitle}</p>}
                <p className="search-excerpt">
                  {searchExcerpt(result.text, words).map((part, index) =>
                    part.match ? <mark key={index}>{part.text}</mark> : part.text,
                  )}
                </p>
                <ArticleMeta author={result.author} publishedAt={result.publishedAt} />
              </li>
            ))}
          </ol>
          <PaginationNav
            basePath={basePath}
            page={page}
            pages={pageCount(found.total, SEARCH_PAGE_SIZE)}
            label="More results"
            pageHref={(target) => (target > 1 ? `${basePath}&page=${target}` : basePath)}
          />
        </>
      )}
    </div>
  )
}
