'use client'

import Link from 'next/link'

/**
 * What a reader sees when a page cannot be rendered, most often because the content lake is out of
 * reach and the page was not cached yet (cached pages keep being served meanwhile).
 */
export default function PageError({ reset }: { reset: () => void }) {
  return (
    <section className="empty-state">
      <p className="kicker">Temporarily unavailable</p>
      <h1>This page can’t be shown right now</h1>
      <p>Our newsroom is out of reach for a moment. Please try again shortly.</p>
      <p>
        <button type="button" className="retry" onClick={reset}>
          Try again
        </button>{' '}
        or <Link href="/">go to the front page</Link>
      </p>
    </section>
  )
}
