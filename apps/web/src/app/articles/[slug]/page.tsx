import type { Metadata } from 'next'
import { notFound } from 'next/navigation'

import { ArticleBody } from '@/components/article-body'
import { ArticleMeta } from '@/components/article-meta'
import { Figure } from '@/components/figure'
import { SimilarArticles } from '@/components/similar-articles'
import { TagList } from '@/components/tag-list'
import { env } from '@/env'
import { newsArticleJsonLd, scriptSafeJson } from '@/lib/news-article-json-ld'
import { readingMinutes } from '@/lib/reading-time'
import { staticParamsOrNone } from '@/sanity/lake-unreachable'
import { loadArticle } from '@/sanity/loaders/article-by-slug'
import { recentArticleSlugs } from '@/sanity/loaders/recent-article-slugs'
import { loadSimilarArticles } from '@/sanity/loaders/similar-articles'

// A safety net: publishing will revalidate the article's cache tag at once.
export const revalidate = 60
// Articles older than the prerendered ones, or published after the build, render on first request.
export const dynamicParams = true

interface ArticlePageProps {
  params: Promise<{ slug: string }>
}

export function generateStaticParams() {
  return staticParamsOrNone('/articles/[slug]', async () =>
    (await recentArticleSlugs()).map((slug) => ({ slug })),
  )
}

export async function generateMetadata({ params }: ArticlePageProps): Promise<Metadata> {
  const { slug } = await params
  const article = await loadArticle(slug)
  if (!article) return {}
  const title = article.seoTitle ?? article.title
  const description = article.excerpt ?? article.subtitle
  const url = `${env.siteUrl}/articles/${article.slug}`
  // The share image is this route's opengraph-image; Twitter reads it through og:image.
  return {
    title,
    description,
    authors: article.author ? [{ name: article.author }] : undefined,
    alternates: { canonical: url, types: { 'text/markdown': `${url}.md` } },
    openGraph: {
      type: 'article',
      url,
      title,
      description,
      siteName: 'Cybermediateinment',
      publishedTime: article.publishedAt,
      authors: article.author ? [article.author] : undefined,
      tags: article.tags.map((tag) => tag.title),
    },
    twitter: { card: 'summary_large_image', title, description },
  }
}

export default async function ArticlePage({ params }: ArticlePageProps) {
  const { slug } = await params
  const article = await loadArticle(slug)
  if (!article) notFound()
  const similar = await loadSimilarArticles(article)
  const jsonLd = newsArticleJsonLd(article, {
    siteUrl: env.siteUrl,
    publisher: 'Cybermediateinment',
    imageUrl: `${env.siteUrl}/articles/${article.slug}/opengraph-image`,
  })

  // The hero is left out when the body already places the same picture.
  const hero = article.heroImage
  const heroInBody = article.body.some(
    (member) => member._type === 'pictureReference' && member.picture?._id === hero?._id,
  )
  return (
    <>
      <article className="article">
        <script
          type="application/ld+json"
          // Escaped for a script element by scriptSafeJson; content cannot close it.
          dangerouslySetInnerHTML={{ __html: scriptSafeJson(jsonLd) }}
        />
        <header className="article-header">
          <h1>{article.title}</h1>
          {article.subtitle && <p className="dek">{article.subtitle}</p>}
          <ArticleMeta
            author={article.author}
            publishedAt={article.publishedAt}
            minutes={readingMinutes(article.body)}
          />
        </header>
        {hero && !heroInBody && (
          <Figure picture={hero} sizes="(min-width: 64rem) 60rem, 100vw" priority />
        )}
        <ArticleBody body={article.body} />
        <footer className="article-footer">
          <TagList tags={article.tags} label="Filed under" />
        </footer>
      </article>
      <SimilarArticles articles={similar} />
    </>
  )
}
