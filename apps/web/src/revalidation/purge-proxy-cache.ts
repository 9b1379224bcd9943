import { cacheTags } from '@/sanity/cache-tags'

/** Deeper pages of a list shift when an article is added; these few are purged with the first. */
const LIST_PAGES_PURGED = 5
/**
 * A reader's request that reached Next just before the tags expired can bring the old page to the
 * proxy just after the purge, where it would stay for its whole lifetime there; the webhook purges
 * the same pages again this much later, once such a response has landed.
 */
export const PURGE_AGAIN_AFTER_MS = 2000
/** A purge is a loopback or LAN request; past this the proxy is considered unreachable. */
const PURGE_TIMEOUT_MS = 2000

/**
 * The public paths a caching proxy in front of the site may hold for each expired cache tag (see
 * src/sanity/cache-tags.ts). Not every page a tag touches has a path that can be named: the
 * "Similar posts" of other articles and deep list pages stay in the proxy until their lifetime
 * there ends (the s-maxage Next sends, the pages' 60 s revalidate; bench/nginx/site-cache.conf).
 */
export function proxyPathsFor(tags: readonly string[]): string[] {
  const paths = new Set<string>()
  const pages = (base: string) => {
    for (let page = 2; page <= LIST_PAGES_PURGED; page++) paths.add(`${base}/page/${page}`)
  }
  for (const tag of tags) {
    if (tag === cacheTags.articles) {
      paths.add('/')
      pages('')
      for (const path of ['/feed.xml', '/sitemap.xml', '/llms.txt']) paths.add(path)
    } else if (tag === cacheTags.tags) {
      paths.add('/tags')
    } else if (tag.startsWith('article:')) {
      const slug = encodeURIComponent(tag.slice('article:'.length))
      paths.add(`/articles/${slug}`)
      paths.add(`/articles/${slug}/markdown`)
    } else if (tag.startsWith('tag:')) {
      const slug = encodeURIComponent(tag.slice('tag:'.length))
      paths.add(`/tags/${slug}`)
      pages(`/tags/${slug}`)
    }
  }
  return [...paths]
}

/**
 * Purges the pages behind `tags` from a caching proxy (nginx with ngx_cache_purge, Varnish, …):
 * one `PURGE <purgeUrl><path>` per path, in parallel. The proxy answers 200 (purged) or 404 (was
 * not cached); anything else, a timeout or a refused connection is logged and otherwise ignored:
 * the Next cache is already expired, and the proxy's own lifetime bounds what it still serves.
 * Without `purgeUrl` (no proxy configured) nothing is sent.
 */
export async function purgeProxyCache(
  purgeUrl: string | undefined,
  tags: readonly string[],
  fetchImpl: typeof fetch = fetch,
): Promise<{ purged: number; failed: number }> {
  if (!purgeUrl) return { purged: 0, failed: 0 }
  const base = purgeUrl.replace(/\/+$/, '')
  const results = await Promise.all(
    proxyPathsFor(tags).map(async (path) => {
      try {
        const response = await fetchImpl(`${base}${path}`, {
          method: 'PURGE',
          signal: AbortSignal.timeout(PURGE_TIMEOUT_MS),
        })
        await response.arrayBuffer()
        if (response.ok || response.status === 404) return true
        console.error(`Proxy cache purge of ${path} answered ${response.status}`)
      } catch (error) {
        console.error(`Proxy cache purge of ${path} failed:`, error)
      }
      return false
    }),
  )
  const purged = results.filter(Boolean).length
  return { purged, failed: results.length - purged }
}
