import { afterEach, describe, expect, it, vi } from 'vitest'

import { proxyPathsFor, purgeProxyCache } from './purge-proxy-cache'

afterEach(() => {
  vi.restoreAllMocks()
})

describe('proxyPathsFor', () => {
  it('names the public paths behind each cache tag', () => {
    expect(proxyPathsFor(['article:hello', 'tag:news', 'tags'])).toEqual([
      '/articles/hello',
      '/articles/hello/markdown',
      '/tags/news',
      '/tags/news/page/2',
      '/tags/news/page/3',
      '/tags/news/page/4',
      '/tags/news/page/5',
      '/tags',
    ])
    const lists = proxyPathsFor(['articles'])
    expect(lists).toEqual(expect.arrayContaining(['/', '/page/2', '/feed.xml', '/sitemap.xml']))
  })

  it('encodes slugs and names each path once', () => {
    expect(proxyPathsFor(['article:a b', 'article:a b'])).toEqual([
      '/articles/a%20b',
      '/articles/a%20b/markdown',
    ])
  })
})

describe('purgeProxyCache', () => {
  it('sends nothing without a purge URL', async () => {
    const fetchImpl = vi.fn<typeof fetch>()
    expect(await purgeProxyCache(undefined, ['article:x'], fetchImpl)).toEqual({
      purged: 0,
      failed: 0,
    })
    expect(fetchImpl).not.toHaveBeenCalled()
  })

  it('sends PURGE for every path, counting 404 (not cached) as done', async () => {
    const fetchImpl = vi.fn<typeof fetch>(async (input) =>
      Promise.resolve(
        new Response(null, { status: (input as string).endsWith('/markdown') ? 404 : 200 }),
      ),
    )
    const result = await purgeProxyCache('http://proxy:8080/purge/', ['article:x'], fetchImpl)
    expect(result).toEqual({ purged: 2, failed: 0 })
    expect(fetchImpl.mock.calls.map(([url, init]) => [url, init?.method])).toEqual([
      ['http://proxy:8080/purge/articles/x', 'PURGE'],
      ['http://proxy:8080/purge/articles/x/markdown', 'PURGE'],
    ])
  })

  it('logs failures and refusals and never throws', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const fetchImpl = vi.fn<typeof fetch>(async (input) =>
      (input as string).endsWith('/markdown')
        ? Promise.reject(new TypeError('fetch failed'))
        : Promise.resolve(new Response('no', { status: 403 })),
    )
    expect(await purgeProxyCache('http://proxy/purge', ['article:x'], fetchImpl)).toEqual({
      purged: 0,
      failed: 2,
    })
    expect(error).toHaveBeenCalledTimes(2)
  })
})
