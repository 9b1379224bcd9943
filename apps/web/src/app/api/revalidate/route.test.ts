import { createServer } from 'node:http'

import { encodeSignatureHeader, SIGNATURE_HEADER_NAME } from '@sanity/webhook'
import { NextRequest } from 'next/server'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

import { listenLocally } from '@repo/raw-http/listen-locally'

import { PURGE_AGAIN_AFTER_MS, proxyPathsFor } from '@/revalidation/purge-proxy-cache'

// What the Next runtime provides the route: the tag cache, and `after`, whose tasks it runs once
// the response has been sent (here: when the test says so).
const runtime = vi.hoisted(() => ({
  expiries: [] as { tag: string; profile: unknown; at: number }[],
  afterTasks: [] as (() => Promise<unknown>)[],
}))
vi.mock('next/cache', () => ({
  revalidateTag: (tag: string, profile: unknown) => {
    runtime.expiries.push({ tag, profile, at: performance.now() })
  },
}))
vi.mock('next/server', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  after: (task: () => Promise<unknown>) => {
    runtime.afterTasks.push(task)
  },
}))

const secret = 'route-test-secret-0123456789'
const purges: { path: string; at: number }[] = []
// The lake answering the route's one question (which tags the article has), and the caching
// proxy's purge endpoint.
const server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://server')
  if (request.method === 'PURGE' && url.pathname.startsWith('/purge/')) {
    purges.push({ path: url.pathname.slice('/purge'.length), at: performance.now() })
    response.end()
    return
  }
  if (!url.searchParams.get('query')?.includes('references($id)')) {
    response.statusCode = 400
    response.end()
    return
  }
  response.setHeader('content-type', 'application/json')
  response.end(JSON.stringify({ result: { tagSlugs: ['deepseek'], articles: [] }, ms: 1 }))
})

beforeAll(async () => {
  const origin = await listenLocally(server)
  vi.stubEnv('SANITY_API_HOST', origin)
  vi.stubEnv('CACHE_PURGE_URL', `${origin}/purge/`)
  vi.stubEnv('SANITY_REVALIDATE_SECRET', secret)
})
afterAll(() => {
  vi.unstubAllEnvs()
  server.close()
})

describe('POST /api/revalidate', () => {
  it('expires the tags and purges the proxy at once, then both again after PURGE_AGAIN_AFTER_MS', async () => {
    // env.ts reads the environment when first imported.
    const { POST } = await import('./route')
    const payload = JSON.stringify({
      _id: 'article-deepseek',
      _type: 'article',
      slug: 'deepseek',
      previousSlug: 'deepseek',
      tagIds: ['tag-deepseek'],
      previousTagIds: ['tag-deepseek'],
    })
    const request = new NextRequest('http://127.0.0.1/api/revalidate', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [SIGNATURE_HEADER_NAME]: await encodeSignatureHeader(payload, Date.now(), secret),
      },
      body: payload,
    })

    const response = await POST(request)
    expect(response.status).toBe(200)
    const tags = ['articles', 'article:deepseek', 'tag:deepseek']
    expect(((await response.json()) as { revalidated: string[] }).revalidated.sort()).toEqual(
      [...tags].sort(),
    )
    const paths = proxyPathsFor(tags).sort()
    // At once: each tag expired (not served stale once more), each of its pages purged.
    expect(runtime.expiries.map(({ tag, profile }) => [tag, profile]).sort()).toEqual(
      tags.map((tag) => [tag, { expire: 0 }]).sort(),
    )
    expect(purges.map(({ path }) => path).sort()).toEqual(paths)
    expect(runtime.afterTasks).toHaveLength(1)

    // After the response: the same again, no sooner than PURGE_AGAIN_AFTER_MS later.
    const sent = performance.now()
    await Promise.all(runtime.afterTasks.map((task) => task()))
    const again = runtime.expiries.slice(tags.length)
    expect(again.map(({ tag, profile }) => [tag, profile]).sort()).toEqual(
      tags.map((tag) => [tag, { expire: 0 }]).sort(),
    )
    for (const { at } of again) expect(at - sent).toBeGreaterThanOrEqual(PURGE_AGAIN_AFTER_MS - 1)
    const purgedAgain = purges.slice(paths.length)
    expect(purgedAgain.map(({ path }) => path).sort()).toEqual(paths)
    const lastExpiry = Math.max(...again.map(({ at }) => at))
    for (const { at } of purgedAgain) expect(at).toBeGreaterThanOrEqual(lastExpiry)
  }, 15_000)
})
