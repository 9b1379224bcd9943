import { isValidSignature } from '@sanity/webhook'
import { listenLocally } from '@repo/raw-http/listen-locally'
import { createServer } from 'node:http'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { createTestLake } from '../../test/test-lake.ts'
import type { TestLake } from '../../test/test-lake.ts'
import { webhookDefinition } from './webhook-config.ts'
import { WebhookDispatcher } from './webhook-dispatcher.ts'

interface Received {
  headers: Record<string, string | string[] | undefined>
  body: string
}

const secret = 'a-webhook-secret'
let lake: TestLake
let received: Received[]
let answers: number[]
let server: ReturnType<typeof createServer>
let url: string
let dispatcher: WebhookDispatcher | undefined
const logged: string[] = []

beforeEach(async () => {
  lake = createTestLake()
  received = []
  answers = []
  logged.length = 0
  server = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk: Buffer) => (body += chunk.toString()))
    request.on('end', () => {
      received.push({ headers: request.headers, body })
      response.statusCode = answers.shift() ?? 200
      response.end()
    })
  })
  url = `${await listenLocally(server)}/api/revalidate`
})

afterEach(async () => {
  dispatcher?.close()
  await new Promise((resolve) => server.close(resolve))
  lake.cleanup()
})

function start(definition: Record<string, unknown> = {}) {
  const hook = { url, ...webhookDefinition.parse({ name: 'revalidate', secret, ...definition }) }
  dispatcher = new WebhookDispatcher(lake.store, [hook], {
    projectId: 'local',
    retryDelaysMs: [10, 10],
    log: (message) => logged.push(message),
  })
  return dispatcher
}

const tag = { _id: 'tag-ai', _type: 'tag', title: 'AI', slug: { current: 'ai' } }
const article = {
  _id: 'article-1',
  _type: 'article',
  title: 'One',
  slug: { current: 'one' },
  tags: [{ _type: 'reference', _ref: 'tag-ai', _key: 'k' }],
}

describe('webhooks', () => {
  it('should send a signed, projected body per published change, as Sanity does', async () => {
    const hooks = start({
      filter: '_type == "article"',
      projection: `{_id, "slug": slug.current, "previousSlug": before().slug.current,
        "tags": tags[]->slug.current}`,
    })
    await lake.mutate([{ create: tag }, { create: article }])
    await lake.mutate([{ patch: { id: 'article-1', set: { slug: { current: 'uno' } } } }])
    await lake.mutate([{ delete: { id: 'article-1' } }])
    await hooks.idle()

    expect(received.map((delivery) => JSON.parse(delivery.body) as unknown)).toEqual([
      { _id: 'article-1', slug: 'one', previousSlug: null, tags: ['ai'] },
      { _id: 'article-1', slug: 'uno', previousSlug: 'one', tags: ['ai'] },
      { _id: 'article-1', slug: 'uno', previousSlug: 'uno', tags: ['ai'] },
    ])
    expect(received.map((delivery) => delivery.headers['sanity-operation'])).toEqual([
      'create',
      'update',
      'delete',
    ])
    for (const delivery of received) {
      const signature = String(delivery.headers['sanity-webhook-signature'])
      expect(await isValidSignature(delivery.body, signature, secret)).toBe(true)
      expect(await isValidSignature(delivery.body, signature, 'another-secret')).toBe(false)
      expect(delivery.headers['sanity-document-id']).toBe('article-1')
      expect(delivery.headers['idempotency-key']).toMatch(/-article-1$/)
    }
  })

  it('should leave drafts and filtered-out documents alone', async () => {
    const hooks = start({ filter: '_type == "article"' })
    await lake.mutate([{ create: { ...article, _id: 'drafts.article-1' } }, { create: tag }])
    await hooks.idle()
    expect(received).toEqual([])
  })

  it('should retry a failing endpoint and give up after the last attempt', async () => {
    answers = [503, 200]
    const hooks = start()
    await lake.mutate([{ create: tag }])
    await hooks.idle()
    expect(received).toHaveLength(2)
    expect(logged).toEqual([])

    answers = [500, 500, 500]
    await lake.mutate([{ patch: { id: 'tag-ai', set: { title: 'A.I.' } } }])
    await hooks.idle()
    expect(received).toHaveLength(5)
    expect(logged).toEqual([expect.stringContaining('gave up on tag-ai')])
  })

  it('should not retry a request the endpoint refuses', async () => {
    answers = [401]
    const hooks = start()
    await lake.mutate([{ create: tag }])
    await hooks.idle()
    expect(received).toHaveLength(1)
    expect(logged).toEqual([expect.stringContaining('refused tag-ai: HTTP 401')])
  })

  it('should reject a broken filter or projection when it starts', () => {
    expect(() => start({ filter: '_type ==' })).toThrow()
    expect(() => start({ projection: '{ _id' })).toThrow()
  })
})
