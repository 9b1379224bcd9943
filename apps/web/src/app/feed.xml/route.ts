import { env } from '@/env'
import { rssFeed } from '@/lib/rss-feed'
import { cacheTags } from '@/sanity/cache-tags'
import { sanityFetch } from '@/sanity/fetch'
import { latestArticlesQuery, latestArticlesResult } from '@/sanity/queries'

// A safety net: publishing revalidates the `articles` cache tag at once.
export const revalidate = 60

const FEED_LIMIT = 20

export async function GET() {
  const articles = await sanityFetch({
    query: latestArticlesQuery,
    params: { limit: FEED_LIMIT },
    parser: latestArticlesResult,
    tags: [cacheTags.articles],
  })
  const xml = rssFeed({
    siteUrl: env.siteUrl,
    title: 'Cybermediateinment',
    description: 'Technology, power and the politics of code.',
    articles,
  })
  return new Response(xml, { headers: { 'content-type': 'application/rss+xml; charset=utf-8' } })
}
