import type { ListenEvent, MutationEvent } from '@sanity/client'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { AssetStorage } from '../assets/asset-storage.ts'
import type { LakeEnv } from '../http/lake-env.ts'
import { listenOnRandomPort, openEventStream, streamingTestLake } from '../../test/test-sse.ts'
import { testTokens } from '../../test/test-lake.ts'
import { listenRoutes } from './listen.ts'
import { lakeClient } from '@repo/lake-client'

const served = streamingTestLake()

const auth = { Authorization: `Bearer ${testTokens.read}` }

async function listen(query: string, search = '', headers: Record<string, string> = auth) {
  return served.open(
    `/v2025-02-19/data/listen/production?query=${encodeURIComponent(query)}${search}`,
    headers,
  )
}

const json = (event: { data: string }) => JSON.parse(event.data) as Record<string, unknown>

describe('GET /v*/data/listen', () => {
  it('should welcome, then stream creates, updates and deletes with mendoza effects', async () => {
    const stream = await listen(
      '*[_id in $ids]',
      `&$ids=${encodeURIComponent('["a"]')}&effectFormat=mendoza`,
    )
    expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/)
    const welcome = await stream.nextEvent()
    expect(welcome.event).toBe('welcome')
    expect(json(welcome).listenerName).toEqual(expect.any(String))

    await served.lake.mutate([
      { create: { _id: 'a', _type: 't', n: 1 } },
      { create: { _id: 'b', _type: 't' } },
    ])
    const created = await stream.nextEvent()
    const doc = served.lake.store.snapshot('production').get('a')
    const { _rev: createdRev, ...withoutRev } = doc ?? {}
    expect(created).toMatchObject({ event: 'mutation', id: `${createdRev}#a` })
    const createdData = json(created)
    expect(createdData).toMatchObject({
      documentId: 'a',
      eventId: `${createdRev}#a`,
      transactionId: createdRev,
      resultRev: createdRev,
      transition: 'appear',
      visibility: 'query',
      mutations: [{ createOrReplace: doc }],
      result: doc,
      effects: { apply: [0, withoutRev], revert: [0, null] },
      transactionTotalEvents: 1,
      transactionCurrentEvent: 0,
    })
    expect(createdData).not.toHaveProperty('previousRev')

    await served.lake.mutate([{ patch: { id: 'a', set: { n: 2 } } }])
    const updated = json(await stream.nextEvent())
    expect(updated).toMatchObject({ transition: 'update', previousRev: createdRev })
    expect(updated.resultRev).not.toBe(createdRev)

    await served.lake.mutate([{ delete: { id: 'a' } }])
    const deleted = json(await stream.nextEvent())
    expect(deleted).toMatchObject({
      transition: 'disappear',
      previousRev: updated.resultRev,
      mutations: [{ delete: { id: 'a' } }],
      effects: { apply: [0, null] },
    })
    expect(deleted).toHaveProperty('resultRev', deleted.transactionId)
    expect(deleted).not.toHaveProperty('result')
  })

  it('should evaluate the filter on both sides of a change and count events per listener', async () => {
    const stream = await listen(
      '*[_type == "article" && !(_id in path("drafts.**"))]',
      '&includeResult=false',
    )
    await stream.nextEvent()
    await served.lake.mutate([
      { create: { _id: 'x', _type: 'article' } },
      { create: { _id: 'y', _type: 'article' } },
      { create: { _id: 'drafts.x', _type: 'article' } },
      { create: { _id: 'other', _type: 'page' } },
    ])
    const first = json(await stream.nextEvent())
    const second = json(await stream.nextEvent())
    expect([first.documentId, second.documentId]).toEqual(['x', 'y'])
    expect([first.transactionCurrentEvent, second.transactionCurrentEvent]).toEqual([0, 1])
    expect(first.transactionTotalEvents).toBe(2)
    expect(first).not.toHaveProperty('result')
    expect(first).not.toHaveProperty('effects')

    await served.lake.mutate([
      { patch: { id: 'x', set: { _type: 'article' } } },
      { createOrReplace: { _id: 'y', _type: 'page' } },
    ])
    const stillIn = json(await stream.nextEvent())
    const left = json(await stream.nextEvent())
    expect([stillIn.transition, left.transition]).toEqual(['update', 'disappear'])
  })

  it('should show anonymous listeners published documents only', async () => {
    const anonymous = await listen('*', '', {})
    const withToken = await listen('*')
    await anonymous.nextEvent()
    await withToken.nextEvent()
    await served.lake.mutate([{ create: { _id: 'drafts.d', _type: 't' } }])
    await served.lake.mutate([{ create: { _id: 'p', _type: 't' } }])
    expect(json(await withToken.nextEvent()).documentId).toBe('drafts.d')
    expect(json(await withToken.nextEvent()).documentId).toBe('p')
    expect(json(await anonymous.nextEvent()).documentId).toBe('p')
  })

  it('should resume from Last-Event-ID, or tell the client to reset', async () => {
    await served.lake.mutate([
      { create: { _id: 'a', _type: 't' } },
      { create: { _id: 'b', _type: 't' } },
    ])
    await served.lake.mutate([{ create: { _id: 'c', _type: 't' } }])
    const [first] = served.lake.store.transactions('production')
    const resumed = await listen('*', '&enableResume=true', {
      ...auth,
      'Last-Event-ID': `${first?.transactionId}#a`,
    })
    expect((await resumed.nextEvent()).event).toBe('welcomeback')
    expect(json(await resumed.nextEvent()).documentId).toBe('b')
    expect(json(await resumed.nextEvent()).documentId).toBe('c')
    await served.lake.mutate([{ create: { _id: 'd', _type: 't' } }])
    expect(json(await resumed.nextEvent()).documentId).toBe('d')

    // The browser polyfill sends the id as a query parameter.
    const unknown = await listen('*', '&enableResume=true&lastEventId=gone%23a')
    expect((await unknown.nextEvent()).event).toBe('reset')
    const withoutResume = await listen('*', `&lastEventId=${first?.transactionId}%23a`)
    expect((await withoutResume.nextEvent()).event).toBe('welcome')
  })

  it('should reject bad queries before streaming and unsubscribe on disconnect', async () => {
    const bad = await fetch(`${served.url}/v1/data/listen/production?query=*[`, { headers: auth })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: { type: string } }).error.type).toBe('queryParseError')
    const missing = await fetch(`${served.url}/v1/data/listen/production?query=*[_id==$id]`)
    expect(missing.status).toBe(400)
    expect((await fetch(`${served.url}/v1/data/listen/nope?query=*`)).status).toBe(404)

    const stream = await listen('*')
    await stream.nextEvent()
    expect(served.lake.store.subscriberCount('production')).toBe(1)
    stream.close()
    for (let i = 0; i < 50 && served.lake.store.subscriberCount('production') > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    expect(served.lake.store.subscriberCount('production')).toBe(0)
  })

  it('should work with the official client listener', async () => {
    const client = lakeClient(served.url, { token: testTokens.write })
    const received: ListenEvent<Record<string, unknown>>[] = []
    const subscription = client
      .listen(
        '*[_id in $ids]',
        { ids: ['a', 'drafts.a'] },
        {
          events: ['welcome', 'mutation'],
          effectFormat: 'mendoza',
          includeResult: false,
        },
      )
      .subscribe((event) => received.push(event))
    const until = async (count: number) => {
      for (let i = 0; i < 100 && received.length < count; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    }
    await until(1)
    await client.create({ _id: 'drafts.a', _type: 't', title: 'draft' })
    await client.create({ _id: 'ignored', _type: 't' })
    await client.createOrReplace({ _id: 'a', _type: 't', title: 'published' })
    await until(3)
    subscription.unsubscribe()
    const events = received
    const [first, second, third] = events
    expect(first?.type).toBe('welcome')
    const mutations = [second, third] as MutationEvent[]
    expect(mutations.map((event) => event.documentId)).toEqual(['drafts.a', 'a'])
    expect(mutations[0]?.effects?.apply).toEqual([0, expect.objectContaining({ title: 'draft' })])
  })

  it('should send keep-alive comments', async () => {
    const app = new Hono<LakeEnv>()
    app.use((c, next) => {
      c.set('role', 'read')
      return next()
    })
    const deps = {
      store: served.lake.store,
      assets: new AssetStorage(served.lake.dir),
      projectId: 'local',
      publicUrl: 'http://lake.test',
      queryTimeoutMs: 1000,
    }
    app.route('/listen', listenRoutes(deps, { keepAliveMs: 20 }))
    const local = await listenOnRandomPort(app.fetch)
    try {
      const stream = served.track(await openEventStream(`${local.url}/listen/production?query=*`))
      expect((await stream.next()).event).toBe('welcome')
      expect(await stream.next()).toEqual({ event: 'comment', data: 'keepalive' })
      stream.close()
    } finally {
      await local.close()
    }
  })
})
