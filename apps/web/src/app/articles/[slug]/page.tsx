import type { Metadata } from 'next'
import { notFound } from 'next/navigation'

import { ArticleBody } from '@/components/article-body'
import { ArticleMeta } from '@/components/article-meta'
import { Figure } from '@/components/figure'
import { TagList } from '@/components/tag-list'
import { readingMinutes } from '@/lib/reading-time'
import { sanityFetch } from '@/sanity/fetch'
import { recentArticleSlugs } from '@/sanity/recent-article-slugs'
import { articleBySlugQuery, articleBySlugResult } from '@/sanity/queries'

export const revalidate = 3600
export const dynamicParams = true

interface ArticlePageProps {
  params: Promise<{ slug: string }>
}

const loadArticle = (slug: string) =>
  sanityFetch({
    query: articleBySlugQuery,
    params: { slug },
    parser: articleBySlugResult,
    tags: [`article:${slug}`],
  })

export async function generateStaticParams() {
  return (await recentArticleSlugs()).map((slug) => ({ slug }))
}

export async function generateMetadata({ params }: ArticlePageProps): Promise<Metadata> {
  const { slug } = await params
  const article = await loadArticle(slug)
  if (!article) return {}
  return {
    title: article.seoTitle ?? article.title,
    description: article.excerpt ?? article.subtitle,
    alternates: { canonical: `/articles/${article.slug}` },
  }
}

export default async function ArticlePage({ params }: ArticlePageProps) {
  const { slug } = await params
  const article = await loadArticle(slug)
  if (!article) notFound()

  // The hero is left out when the body already places the same picture.
  const hero = article.heroImage
  const heroInBody = article.body.some(
    (member) => member._type === 'pictureReference' && member.picture?._id === hero?._id,
  )
  return (
    <article className="article">
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
  )
}
