import './globals.css'

import type { Metadata, Viewport } from 'next'
import Link from 'next/link'
import type { ReactNode } from 'react'

import { env } from '@/env'

export const metadata: Metadata = {
  metadataBase: new URL(env.siteUrl),
  title: { default: 'Cybermediateinment', template: '%s — Cybermediateinment' },
  description: 'Technology, power and the politics of code.',
}

export const viewport: Viewport = {
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#fbf9f4' },
    { media: '(prefers-color-scheme: dark)', color: '#15131a' },
  ],
}

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <header className="site-header">
          <Link href="/" className="masthead">
            Cybermediateinment
          </Link>
          <p className="tagline">Technology, power and the politics of code</p>
        </header>
        <main id="main">{children}</main>
        <footer className="site-footer">
          <p>© Cybermediateinment. Independent writing on technology and geopolitics.</p>
        </footer>
      </body>
    </html>
  )
}
