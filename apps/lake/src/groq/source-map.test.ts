import { evaluate, parse } from 'groq-js'
import { describe, expect, it } from 'vitest'

import type { SanityDocument } from '../store/store.ts'
import { contentSourceMap } from './source-map.ts'
import type { ContentSourceMap } from './source-map.ts'

const span = (key: string, text: string) => ({ _type: 'span', _key: key, text, marks: [] })
const documents: SanityDocument[] = [
  {
    _id: 'article-1',
    _type: 'article',
    title: 'Open Source or Soft Power?',
    subtitle: 'A dek',
    slug: { _type: 'slug', current: 'open-source' },
    tags: [{ _type: 'reference', _ref: 'tag-ai', _key: 't1' }],
    body: [
      { _type: 'block', _key: 'b1', style: 'normal', children: [span('s1', 'Same words.')] },
      { _type: 'quoteReference', _key: 'q1', _ref: 'quote-1' },
      { _type: 'block', _key: 'b2', style: 'normal', children: [span('s2', 'Same words.')] },
    ],
  },
  { _id: 'tag-ai', _type: 'tag', title: 'AI', slug: { _type: 'slug', current: 'ai' } },
  { _id: 'quote-1', _type: 'quote', text: 'A quote.', attribution: 'Sam Altman' },
]
const view = { documents, byId: new Map(documents.map((document) => [document._id, document])) }

async function mapped(query: string) {
  const result: unknown = await (await evaluate(parse(query), { dataset: documents })).get()
  return { result, map: contentSourceMap(result, view) }
}

/** The document id and path a result path maps to. */
function source(map: ContentSourceMap, at: string) {
  const mapping = map.mappings[at]
  if (!mapping) return undefined
  return [map.documents[mapping.source.document]?._id, map.paths[mapping.source.path]] as const
}

describe('contentSourceMap', () => {
  it('should map projected and renamed fields to their document paths', async () => {
    const { map } = await mapped(
      `*[_id == "article-1"][0]{_id, title, "dek": subtitle, "slug": slug.current}`,
    )
    expect(source(map, "$['title']")).toEqual(['article-1', "$['title']"])
    expect(source(map, "$['dek']")).toEqual(['article-1', "$['subtitle']"])
    expect(source(map, "$['slug']")).toEqual(['article-1', "$['slug']['current']"])
    expect(map.mappings["$['_id']"]).toBeUndefined()
    expect(map.documents).toEqual([{ _id: 'article-1', _type: 'article' }])
  })

  it('should follow joins to the referenced documents, with or without their _id', async () => {
    const { map } = await mapped(`*[_id == "article-1"][0]{
      _id,
      "tags": tags[]->{_id, title},
      "tagTitles": tags[]->title,
      "quote": body[_type == "quoteReference"][0]->{_id, text, attribution}
    }`)
    expect(source(map, "$['tags'][0]['title']")).toEqual(['tag-ai', "$['title']"])
    expect(source(map, "$['tagTitles'][0]")).toEqual(['tag-ai', "$['title']"])
    expect(source(map, "$['quote']['attribution']")).toEqual(['quote-1', "$['attribution']"])
  })

  it('should tell equal strings apart by their keyed array members (array filters)', async () => {
    const { map } = await mapped(`*[_id == "article-1"][0]{_id, "blocks": body[_type == "block"]}`)
    expect(source(map, "$['blocks'][0]['children'][0]['text']")).toEqual([
      'article-1',
      "$['body'][?(@._key=='b1')]['children'][?(@._key=='s1')]['text']",
    ])
    expect(source(map, "$['blocks'][1]['children'][0]['text']")).toEqual([
      'article-1',
      "$['body'][?(@._key=='b2')]['children'][?(@._key=='s2')]['text']",
    ])
  })

  it('should map coalesce to whichever field supplied the value, and skip computed strings', async () => {
    const { map } = await mapped(`*[_id == "article-1"][0]{
      _id,
      "headline": coalesce(seoTitle, title),
      "shout": upper(title)
    }`)
    expect(source(map, "$['headline']")).toEqual(['article-1', "$['title']"])
    expect(map.mappings["$['shout']"]).toBeUndefined()
  })

  it('should name drafts by their own id in the drafts perspective', () => {
    const draft = { ...documents[1], _id: 'tag-ai', _originalId: 'drafts.tag-ai', title: 'A.I.' }
    const draftView = { documents: [draft], byId: new Map([['tag-ai', draft]]) }
    const map = contentSourceMap({ _id: 'tag-ai', title: 'A.I.' }, draftView as never)
    expect(map.documents).toEqual([{ _id: 'drafts.tag-ai', _type: 'tag' }])
  })
})
