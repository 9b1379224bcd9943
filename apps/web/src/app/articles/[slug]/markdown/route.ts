import { env } from '@/env'
import { articleMarkdown } from '@/markdown/article-markdown'
import { loadArticle } from '@/sanity/loaders/article-by-slug'
import { imageSource } from '@/sanity/image'
import { staticParamsOrNone } from '@/sanity/lake-unreachable'
import { recentArticleSlugs } from '@/sanity/loaders/recent-article-slugs'

// Served at /articles/<slug>.md (see next.config.ts); cached with its article's tag.
export const revalidate = 60
export const dynamicParams = true

/** Markdown images are shown as they come: a width that reads well without being the original. */
const MARKDOWN_IMAGE_WIDTH = 1200

export function generateStaticParams() {
  return staticParamsOrNone('/articles/[slug]/markdown', async () =>
    (await recentArticleSlugs()).map((slug) => ({ slug })),
  )
}

export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const article = await loadArticle((await params).slug)
  if (!article) {
    return new Response('No article here.\n', {
      status: 404,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    })
  }
  const markdown = articleMarkdown(article, {
    siteUrl: env.siteUrl,
    imageUrl: (picture) => {
      const source = imageSource(picture)
      if (!source) return undefined
      const url = new URL(source.src)
      url.searchParams.set('w', String(Math.min(source.width, MARKDOWN_IMAGE_WIDTH)))
      url.searchParams.delete('h')
      return url.href
    },
  })
  return new Response(markdown, { headers: { 'content-type': 'text/markdown; charset=utf-8' } })
}
