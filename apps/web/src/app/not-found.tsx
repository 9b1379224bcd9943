import Link from 'next/link'

export default function NotFound() {
  return (
    <section className="empty-state">
      <p className="kicker">404</p>
      <h1>This page does not exist</h1>
      <p>The article may have moved, or the address has a typo.</p>
      <p>
        <Link href="/">Back to the front page</Link>
      </p>
    </section>
  )
}
