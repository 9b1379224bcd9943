import './globals.css'

import type { Metadata, Viewport } from 'next'
import localFont from 'next/font/local'
import { draftMode } from 'next/headers'
import Link from 'next/link'
import { VisualEditing } from 'next-sanity/visual-editing'
import type { ReactNode } from 'react'

import { DraftRefresh } from '@/components/draft-refresh'
import { PreviewBanner } from '@/components/preview-banner'

import { env } from '@/env'

// Served by the site itself (no font CDN): Source Serif 4, variable weight, latin.
const serif = localFont({
  src: [
    {
      path: '../../node_modules/@fontsource-variable/source-serif-4/files/source-serif-4-latin-wght-normal.woff2',
      style: 'normal',
    },
    {
      path: '../../node_modules/@fontsource-variable/source-serif-4/files/source-serif-4-latin-wght-italic.woff2',
      style: 'italic',
    },
  ],
  weight: '200 900',
  display: 'swap',
  variable: '--font-serif',
  fallback: ['Georgia', 'DejaVu Serif', 'serif'],
})

export const metadata: Metadata = {
  metadataBase: new URL(env.siteUrl),
  title: { default: 'Cybermediateinment', template: '%s — Cybermediateinment' },
  description: 'Technology, power and the politics of code.',
  alternates: {
    types: { 'application/rss+xml': [{ url: '/feed.xml', title: 'Cybermediateinment' }] },
  },
  openGraph: { siteName: 'Cybermediateinment', locale: 'en' },
}

export const viewport: Viewport = {
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#fbf9f4' },
    { media: '(prefers-color-scheme: dark)', color: '#15131a' },
  ],
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Readers never get the preview's JavaScript: it is rendered in draft mode only.
  const preview = (await draftMode()).isEnabled
  return (
    <html lang="en" className={serif.variable}>
      <body>
        {preview && <PreviewBanner />}
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <header className="site-header">
          <Link href="/" className="masthead">
            Cybermediateinment
          </Link>
          <p className="tagline">Technology, power and the politics of code</p>
          <nav aria-label="Sections" className="site-nav">
            <Link href="/">Latest</Link>
            <Link href="/tags">Tags</Link>
            <a href="/feed.xml">RSS feed</a>
          </nav>
          <form action="/search" method="get" role="search" className="search-form">
            <label htmlFor="site-search" className="visually-hidden">
              Search articles
            </label>
            <input id="site-search" type="search" name="q" maxLength={200} placeholder="Search" />
            <button type="submit">Search</button>
          </form>
        </header>
        <main id="main">{children}</main>
        <footer className="site-footer">
          <p>© Cybermediateinment. Independent writing on technology and geopolitics.</p>
        </footer>
        {preview && (
          <>
            <VisualEditing />
            <DraftRefresh />
          </>
        )}
      </body>
    </html>
  )
}
