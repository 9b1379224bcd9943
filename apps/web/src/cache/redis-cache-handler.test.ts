import { hasRedisServer, type RedisTestServer, startRedisServer } from '@repo/redis-test-server'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import {
  type RedisCacheHandlerClass,
  type TagsManifest,
  createRedisCacheHandler,
  deserialize,
  serialize,
} from './redis-cache-handler.mjs'

if (!hasRedisServer) {
  console.warn(
    'redis-cache-handler tests skipped: no redis-server binary (apt-get install redis-server)',
  )
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean) {
  let value = await probe()
  for (let i = 0; i < 60 && !done(value); i++) {
    await sleep(100)
    value = await probe()
  }
  return value
}

const silent = { warn: () => undefined, info: () => undefined }

const page = (title: string, tags: string) => ({
  kind: 'APP_PAGE',
  html: `<h1>${title}</h1>`,
  rscData: Buffer.from(`rsc ${title}`),
  segmentData: new Map([['/_tree', Buffer.from('tree')]]),
  headers: { 'x-next-cache-tags': tags },
  status: 200,
  postponed: undefined,
})
const pageCtx = { kind: 'APP_PAGE' }
const fetchValue = (body: string) => ({
  kind: 'FETCH',
  data: { headers: {}, body, url: 'http://lake/query', status: 200 },
  revalidate: 60,
})

describe.skipIf(!hasRedisServer)('redis cache handler', () => {
  let redis: RedisTestServer
  // Two web instances: each its own class, Redis connection and in-process tags manifest.
  const manifestA: TagsManifest = new Map()
  const manifestB: TagsManifest = new Map()
  let InstanceA: RedisCacheHandlerClass
  let InstanceB: RedisCacheHandlerClass
  const ctx = { serverDistDir: '/nonexistent/.next/server', revalidatedTags: [] }

  beforeAll(async () => {
    redis = await startRedisServer()
    const { url } = redis
    InstanceA = createRedisCacheHandler({ url, tagsManifest: manifestA, log: silent })
    InstanceB = createRedisCacheHandler({ url, tagsManifest: manifestB, log: silent })
  })

  afterAll(async () => {
    InstanceA.disconnect()
    InstanceB.disconnect()
    await redis.stop()
  })

  it('should keep Buffers and Maps through serialization', () => {
    const value = page('Buffers', 'a')
    expect(deserialize(serialize(value))).toEqual(value)
  })

  it('should round-trip a page and a fetch between two instances', async () => {
    const a = new InstanceA(ctx)
    const b = new InstanceB(ctx)
    const cacheControl = { revalidate: 60, expire: 31536000 }
    await a.set('/round-trip', page('Round trip', 'article:round-trip'), { cacheControl })
    await a.set('fetch-key', fetchValue('{"result":1}'), { fetchCache: true, tags: ['articles'] })

    const got = await b.get('/round-trip', pageCtx)
    expect(got?.value).toEqual(page('Round trip', 'article:round-trip'))
    expect(got?.cacheControl).toEqual(cacheControl)
    expect(got?.lastModified).toBeLessThanOrEqual(Date.now())
    const fetched = await b.get('fetch-key', { kind: 'FETCH', tags: ['articles'] })
    expect(fetched?.value).toMatchObject(fetchValue('{"result":1}'))
    expect(await b.get('/never-set', pageCtx)).toBeNull()
  })

  it('should miss on another instance once a tag of the entry was revalidated', async () => {
    const a = new InstanceA(ctx)
    const b = new InstanceB(ctx)
    await b.set('/tagged', page('Tagged', 'article:tagged,articles'), {})
    await b.set('fetch-tagged', fetchValue('{}'), { fetchCache: true, tags: ['article:tagged'] })
    await b.set('fetch-soft', fetchValue('{}'), { fetchCache: true, tags: ['other'] })
    await b.set('/untouched', page('Untouched', 'article:untouched'), {})
    expect(await b.get('/tagged', pageCtx)).not.toBeNull()
    await sleep(5)

    await a.revalidateTag('article:tagged', { expire: 0 })
    await a.revalidateTag(['_N_T_/articles/soft'], { expire: 0 })
    await sleep(5)

    expect(await b.get('/tagged', pageCtx)).toBeNull()
    expect(await b.get('fetch-tagged', { kind: 'FETCH', tags: ['article:tagged'] })).toBeNull()
    expect(
      await b.get('fetch-soft', {
        kind: 'FETCH',
        tags: ['other'],
        softTags: ['_N_T_/articles/soft'],
      }),
    ).toBeNull()
    expect(await b.get('/untouched', pageCtx)).not.toBeNull()
    expect(manifestB.get('article:tagged')?.expired).toBeTypeOf('number')

    // Rendered again after the revalidation: a hit everywhere.
    await b.set('/tagged', page('Tagged again', 'article:tagged,articles'), {})
    expect((await a.get('/tagged', pageCtx))?.value).toMatchObject({
      html: '<h1>Tagged again</h1>',
    })
  })

  it('should share a stale (not expired) tag, which Next serves while it revalidates', async () => {
    const a = new InstanceA(ctx)
    const b = new InstanceB(ctx)
    await b.set('/stale', page('Stale', 'tag:stale'), {})
    await sleep(5)
    await a.revalidateTag('tag:stale', { expire: 3600 })
    const got = await b.get('/stale', pageCtx)
    expect(got).not.toBeNull()
    expect(manifestB.get('tag:stale')?.stale).toBeGreaterThan(got?.lastModified ?? Infinity)
  })

  it('should serve without Redis, never throw, and share again once Redis is back', async () => {
    const a = new InstanceA(ctx)
    const b = new InstanceB(ctx)
    await a.set('/before-outage', page('Before', 'outage'), {})
    await a.set('/only-in-redis', page('Only in Redis', 'outage'), {})
    expect(await b.get('/before-outage', pageCtx)).not.toBeNull()

    await redis.stop()
    // Each instance answers from its own memory: A set both, B read one of them.
    expect(await b.get('/only-in-redis', pageCtx)).toBeNull()
    expect((await b.get('/before-outage', pageCtx))?.value).toMatchObject({
      html: '<h1>Before</h1>',
    })
    expect((await a.get('/only-in-redis', pageCtx))?.value).toMatchObject({
      html: '<h1>Only in Redis</h1>',
    })
    await expect(a.set('/during-outage', page('During', 'outage'), {})).resolves.toBeUndefined()
    expect(await b.get('/during-outage', pageCtx)).toBeNull()
    await sleep(5)
    // A revalidation during the outage expires A's own copies and reaches Redis later.
    await expect(a.revalidateTag('outage', { expire: 0 })).resolves.toBeUndefined()
    await sleep(5)
    expect(await a.get('/only-in-redis', pageCtx)).toBeNull()

    redis = await startRedisServer(redis.port)
    await a.set('/after-outage', page('After', 'after'), {})
    const after = await eventually(
      async () => {
        await a.set('/after-outage', page('After', 'after'), {})
        return b.get('/after-outage', pageCtx)
      },
      (value) => value !== null,
    )
    expect(after?.value).toMatchObject({ html: '<h1>After</h1>' })
    // Redis restarted empty: the revalidation made during the outage was replayed into it.
    const client = new Redis(redis.port, '127.0.0.1')
    try {
      const expired = await eventually(
        () => client.hget('next:tags:expired', 'outage'),
        (value) => value !== null,
      )
      expect(Number(expired)).toBe(manifestA.get('outage')?.expired)
    } finally {
      client.disconnect()
    }
  }, 20_000)
})
