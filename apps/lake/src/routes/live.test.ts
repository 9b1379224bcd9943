import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { listenOnRandomPort, openEventStream } from '../listen/test-sse.ts'
import { createTestLake, testTokens } from '../test-lake.ts'
import type { TestLake } from '../test-lake.ts'

let lake: TestLake
let server: Awaited<ReturnType<typeof listenOnRandomPort>>
const streams: { close: () => void }[] = []

beforeEach(async () => {
  lake = createTestLake()
  server = await listenOnRandomPort(lake.app.fetch)
})
afterEach(async () => {
  for (const stream of streams.splice(0)) stream.close()
  await server.close()
  lake.cleanup()
})

async function live(search = '', headers: Record<string, string> = {}) {
  const stream = await openEventStream(
    `${server.url}/v2025-02-19/data/live/events/production${search}`,
    headers,
  )
  streams.push(stream)
  return stream
}

describe('GET /v*/data/live/events', () => {
  it('should welcome, then name the stale sync tag after each published change', async () => {
    const query = await lake.request('/v2025-02-19/data/query/production?query=*')
    const { syncTags } = (await query.json()) as { syncTags: string[] }
    const stream = await live()
    expect((await stream.nextEvent()).event).toBe('welcome')

    await lake.mutate([{ create: { _id: 'a', _type: 'article', title: 'A' } }])
    const message = await stream.nextEvent()
    expect(message.event).toBe('message')
    expect(message.id).toBeTruthy()
    expect((JSON.parse(message.data) as { tags: string[] }).tags).toEqual(syncTags)
  })

  it('should keep drafts to streams that ask for them with a token', async () => {
    const readers = await live()
    const editors = await live('?includeDrafts=true', {
      Authorization: `Bearer ${testTokens.read}`,
    })
    await readers.nextEvent()
    await editors.nextEvent()
    await lake.mutate([{ create: { _id: 'drafts.a', _type: 'article', title: 'Draft' } }])
    expect((await editors.nextEvent()).event).toBe('message')
    await expect(readers.nextEvent(300)).rejects.toThrow(/timed out/)

    expect((await lake.request('/v1/data/live/events/production?includeDrafts=true')).status).toBe(
      401,
    )
  })
})
