import type { LiveEvent } from '@sanity/client'
import { describe, expect, it } from 'vitest'

import { articleBySlugQuery } from '@repo/queries/queries'

import { streamingTestLake } from '../../test/test-sse.ts'
import { testTokens } from '../../test/test-lake.ts'
import { lakeClient } from '@repo/lake-client'

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
    // `*` reads every document: its answer carries the dataset-wide tag every commit names.
    expect(syncTags).toHaveLength(1)
    expect((JSON.parse(message.data) as { tags: string[] }).tags).toContain(syncTags[0])
  })

  it("should refresh only the page whose article changed (two pages, @sanity/client's live events)", async () => {
    const client = lakeClient(served.url, { apiVersion: 'vX', token: testTokens.write })
    const article = (id: string, image: string) => ({
      _id: id,
      _type: 'article',
      title: id,
      slug: { _type: 'slug', current: id },
      publishedAt: '2025-01-01T00:00:00Z',
      heroImage: { _type: 'reference', _ref: image },
      tags: [{ _key: 'k', _type: 'reference', _ref: 'shared-tag' }],
    })
    await client
      .transaction()
      .create({ _id: 'shared-tag', _type: 'tag', title: 'Shared', slug: { current: 'shared' } })
      .create({ _id: 'picture-a', _type: 'picture', alt: 'A' })
      .create({ _id: 'picture-b', _type: 'picture', alt: 'B' })
      .create(article('a', 'picture-a'))
      .create(article('b', 'picture-b'))
      .commit()
    const page = async (slug: string) => {
      const response = await client.fetch(
        articleBySlugQuery,
        { slug },
        { filterResponse: false, returnQuery: false },
      )
      expect(response.result).toMatchObject({ slug })
      return response.syncTags ?? []
    }
    const [pageA, pageB] = [await page('a'), await page('b')]

    const events: LiveEvent[] = []
    const subscription = client.live.events().subscribe((event) => events.push(event))
    const next = async (type: string) => {
      for (let i = 0; i < 150; i++) {
        const index = events.findIndex((event) => event.type === type)
        if (index !== -1) return events.splice(0, index + 1).at(-1) as LiveEvent
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      throw new Error(`no ${type} event`)
    }
    const stale = (tags: string[], page: string[]) => tags.filter((tag) => page.includes(tag))
    try {
      await next('welcome')
      // An editor publishes article A: a draft, then the publish action.
      await client.create({ ...article('drafts.a', 'picture-a'), title: 'A, edited' })
      await client.action({
        actionType: 'sanity.action.document.publish',
        draftId: 'drafts.a',
        publishedId: 'a',
      })
      const published = (await next('message')) as { tags: string[] }
      expect(stale(published.tags, pageA)).not.toEqual([])
      expect(stale(published.tags, pageB)).toEqual([])

      // B's picture (joined on B's page only) changes.
      await client.patch('picture-b').set({ alt: 'B, edited' }).commit()
      const picture = (await next('message')) as { tags: string[] }
      expect(stale(picture.tags, pageB)).not.toEqual([])
      expect(stale(picture.tags, pageA)).toEqual([])

      // The tag both pages list changes: both refresh.
      await client.patch('shared-tag').set({ title: 'Renamed' }).commit()
      const tag = (await next('message')) as { tags: string[] }
      expect(stale(tag.tags, pageA)).not.toEqual([])
      expect(stale(tag.tags, pageB)).not.toEqual([])
    } finally {
      subscription.unsubscribe()
    }
  })

  it('should keep drafts to streams that ask for them with a token, naming the preview tags', async () => {
    const readers = await live()
    const editors = await live('?includeDrafts=true', {
      Authorization: `Bearer ${testTokens.read}`,
    })
    await readers.nextEvent()
    await editors.nextEvent()
    await served.lake.mutate([{ create: { _id: 'a', _type: 'article', slug: { current: 'a' } } }])
    await editors.nextEvent()
    await readers.nextEvent()
    // A preview of the article (drafts perspective) is stale once its draft is written.
    const preview = await served.lake.request(
      '/v2025-02-19/data/query/production?query=*[slug.current == "a"][0].title&perspective=drafts',
      { token: 'read' },
    )
    const { syncTags } = (await preview.json()) as { syncTags: string[] }
    const everything = await served.lake.request('/v2025-02-19/data/query/production?query=*')
    const [datasetWide] = ((await everything.json()) as { syncTags: string[] }).syncTags
    expect(syncTags).not.toContain(datasetWide)
    await served.lake.mutate([
      { create: { _id: 'drafts.a', _type: 'article', slug: { current: 'a' }, title: 'Draft' } },
    ])
    const message = await editors.nextEvent()
    expect(message.event).toBe('message')
    const { tags } = JSON.parse(message.data) as { tags: string[] }
    expect(tags.filter((tag) => syncTags.includes(tag))).not.toEqual([])
    await expect(readers.nextEvent(300)).rejects.toThrow(/timed out/)

    expect(
      (await served.lake.request('/v1/data/live/events/production?includeDrafts=true')).status,
    ).toBe(401)
  })
})
