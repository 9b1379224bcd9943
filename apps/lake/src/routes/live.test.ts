import { describe, expect, it } from 'vitest'

import { streamingTestLake } from '../listen/test-sse.ts'
import { testTokens } from '../test-lake.ts'

const served = streamingTestLake()

function live(search = '', headers: Record<string, string> = {}) {
  return served.open(`/v2025-02-19/data/live/events/production${search}`, headers)
}

describe('GET /v*/data/live/events', () => {
  it('should welcome, then name the stale sync tag after each published change', async () => {
    const query = await served.lake.request('/v2025-02-19/data/query/production?query=*')
    const { syncTags } = (await query.json()) as { syncTags: string[] }
    const stream = await live()
    expect((await stream.nextEvent()).event).toBe('welcome')

    await served.lake.mutate([{ create: { _id: 'a', _type: 'article', title: 'A' } }])
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
    await served.lake.mutate([{ create: { _id: 'drafts.a', _type: 'article', title: 'Draft' } }])
    expect((await editors.nextEvent()).event).toBe('message')
    await expect(readers.nextEvent(300)).rejects.toThrow(/timed out/)

    expect(
      (await served.lake.request('/v1/data/live/events/production?includeDrafts=true')).status,
    ).toBe(401)
  })
})
