import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

import { ImageResponse } from 'next/og'

import { ogCardText } from '@/lib/og-card-text'
import { loadArticle } from '@/sanity/loaders/article-by-slug'

// The card changes with its article; publishing revalidates `article:<slug>`.
export const revalidate = 60
export const alt = 'The article’s title card'
export const size = { width: 1200, height: 630 }
export const contentType = 'image/png'

// Satori reads WOFF, not WOFF2: the same Source Serif the site uses, at the headline's weight.
const headlineFont = readFile(
  join(
    process.cwd(),
    'node_modules/@fontsource/source-serif-4/files/source-serif-4-latin-700-normal.woff',
  ),
)

export default async function ArticleCardImage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params
  const { title, byline } = ogCardText(await loadArticle(slug))
  return new ImageResponse(
    <div
      style={{
        width: '100%',
        height: '100%',
        display: 'flex',
        flexDirection: 'column',
        justifyContent: 'space-between',
        padding: '72px 80px',
        background: '#15131a',
        color: '#fbf9f4',
        fontFamily: 'Source Serif',
      }}
    >
      <div style={{ fontSize: 30, letterSpacing: 4, color: '#e8a33d' }}>CYBERMEDIATEINMENT</div>
      <div style={{ fontSize: title.length > 60 ? 64 : 76, lineHeight: 1.1 }}>{title}</div>
      <div style={{ fontSize: 28, color: '#c9c3b8' }}>{byline}</div>
    </div>,
    { ...size, fonts: [{ name: 'Source Serif', data: await headlineFont, weight: 700 }] },
  )
}
