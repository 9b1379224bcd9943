import { env } from '@/env'
import { loadArticleIndex } from '@/sanity/loaders/article-index'

// A safety net: publishing revalidates the `articles` cache tag at once.
export const revalidate = 60

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim()

/** The llms.txt convention: what the site is, then links to each article's Markdown version. */
export async function GET() {
  const articles = await loadArticleIndex()
  const lines = [
    '# Cybermediateinment',
    '',
    '> Independent writing on technology, power and the politics of code. Every article is also',
    '> available as Markdown at its address plus `.md`.',
    '',
    '## Articles',
    '',
    ...articles.map((article) => {
      const summary = article.subtitle ?? article.excerpt
      const link = `- [${oneLine(article.title)}](${env.siteUrl}/articles/${article.slug}.md)`
      return summary ? `${link}: ${oneLine(summary)}` : link
    }),
    '',
    '## Optional',
    '',
    `- [RSS feed](${env.siteUrl}/feed.xml): the newest articles`,
    `- [Sitemap](${env.siteUrl}/sitemap.xml): every article and tag page`,
    '',
  ]
  return new Response(lines.join('\n'), {
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  })
}
