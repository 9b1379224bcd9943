import { env } from '@/env'
import { rssFeed } from '@/lib/rss-feed'
import { loadFeedArticles } from '@/sanity/loaders/feed-articles'

// A safety net: publishing revalidates the `articles` cache tag at once.
export const revalidate = 60

export async function GET() {
  const articles = await loadFeedArticles()
  const xml = rssFeed({
    siteUrl: env.siteUrl,
    title: 'Cybermediateinment',
    description: 'Technology, power and the politics of code.',
    articles,
  })
  return new Response(xml, { headers: { 'content-type': 'application/rss+xml; charset=utf-8' } })
}
