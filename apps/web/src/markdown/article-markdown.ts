import { portableTextToMarkdown } from '@portabletext/markdown'
import type { PortableTextMarkRenderer, PortableTextTypeRenderer } from '@portabletext/markdown'

import { formatDate } from '@/lib/format-date'
import { safeLink } from '@/lib/link-rel'
import type { Article, Picture, Quote } from '@repo/queries/results'

interface MarkdownOptions {
  siteUrl: string
  /** An absolute image URL for a picture, or undefined when its asset is missing. */
  imageUrl: (picture: Picture) => string | undefined
}

/** Inline text from content, with Markdown's syntax characters taken literally. */
export function escapeMarkdown(text: string): string {
  // Brackets alone make links and images, so parentheses may stay as written.
  return text.replace(/[\\`*_[\]<>|~]/g, '\\$&').replace(/^(\s*)([#>+=-]|\d+\.)/gm, '$1\\$2')
}

const oneLine = (text: string) => escapeMarkdown(text.replace(/\s+/g, ' ').trim())

function quoteMarkdown(quote: Quote): string {
  const attribution = [quote.attribution, quote.role].filter(Boolean).join(', ')
  const source = quote.source ? ` (${quote.source})` : ''
  const lines = [`> “${oneLine(quote.text)}”`]
  if (attribution) lines.push('>', `> — ${oneLine(attribution + source)}`)
  return lines.join('\n')
}

function pictureMarkdown(picture: Picture, imageUrl: MarkdownOptions['imageUrl']): string {
  const url = imageUrl(picture)
  const caption = [picture.caption, picture.credit]
    .filter(Boolean)
    .map((part) => oneLine(part ?? ''))
  const lines = url ? [`![${oneLine(picture.alt)}](${url})`] : []
  if (caption.length > 0) lines.push(`*${caption.join(' — ')}*`)
  return lines.join('\n\n')
}

/**
 * The article as Markdown for tools and readers who want plain text: title, dek, byline and date,
 * then the body (headings, links, lists) with the quote as a blockquote and images with caption and
 * credit. Links keep the same safety rule as the page: no `javascript:` or `data:` URLs.
 */
export function articleMarkdown(article: Article, { siteUrl, imageUrl }: MarkdownOptions): string {
  const link: PortableTextMarkRenderer<{ _type: 'link'; href?: string }> = ({
    value,
    children,
  }) => {
    const safe = safeLink(value?.href, siteUrl)
    if (!safe) return children
    const href = safe.external ? safe.href : `${siteUrl}${safe.href}`
    return `[${children}](${href})`
  }
  const quoteReference: PortableTextTypeRenderer = ({ value }) => {
    const quote = (value as { quote?: Quote | null }).quote
    return quote ? quoteMarkdown(quote) : ''
  }
  const pictureReference: PortableTextTypeRenderer = ({ value }) => {
    const picture = (value as { picture?: Picture | null }).picture
    return picture ? pictureMarkdown(picture, imageUrl) : ''
  }
  const body = portableTextToMarkdown(article.body, {
    types: { quoteReference, pictureReference },
    marks: { link },
    // A type added to the schema later is left out rather than dumped as JSON.
    unknownType: () => '',
  })
  const byline = [
    article.author && `By ${oneLine(article.author)}`,
    formatDate(article.publishedAt),
  ]
    .filter(Boolean)
    .join(' · ')
  const head = [
    `# ${oneLine(article.title)}`,
    article.subtitle && `*${oneLine(article.subtitle)}*`,
    byline,
  ].filter(Boolean)
  const tags = article.tags.map((tag) => `[${oneLine(tag.title)}](${siteUrl}/tags/${tag.slug})`)
  const foot = [
    tags.length > 0 && `Filed under: ${tags.join(', ')}`,
    `Read on the web: ${siteUrl}/articles/${article.slug}`,
  ].filter(Boolean)
  return `${[...head, body.trim(), '---', ...foot].filter(Boolean).join('\n\n')}\n`
}
