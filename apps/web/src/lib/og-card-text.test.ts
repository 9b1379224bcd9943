import type { ContentSourceMap } from '@sanity/client'
import { stegaEncodeSourceMap } from '@sanity/client/stega'
import { describe, expect, it } from 'vitest'

import { ogCardText } from './og-card-text'

/** An article as draft mode's client returns it: strings stega-encoded from a source map. */
function draftModeArticle() {
  const article = {
    title: 'Chips, again',
    author: 'Ada Lovelace',
    publishedAt: '2025-02-03T10:00:00Z',
  }
  const sourceMap: ContentSourceMap = {
    documents: [{ _id: 'drafts.a', _type: 'article' }],
    paths: ["$['title']", "$['author']"],
    mappings: {
      "$['title']": { type: 'value', source: { type: 'documentValue', document: 0, path: 0 } },
      "$['author']": { type: 'value', source: { type: 'documentValue', document: 0, path: 1 } },
    },
  }
  return stegaEncodeSourceMap(article, sourceMap, {
    enabled: true,
    studioUrl: 'http://localhost:3333',
  })
}

describe('ogCardText', () => {
  it('draws the title and byline without the stega markers draft mode adds', () => {
    const article = draftModeArticle()
    // The markers are there (invisible characters after the text)…
    expect(article.title).not.toBe('Chips, again')
    expect(article.title.startsWith('Chips, again')).toBe(true)
    // …and the card has none of them.
    expect(ogCardText(article)).toEqual({
      title: 'Chips, again',
      byline: 'Ada Lovelace · 3 February 2025',
    })
  })

  it('falls back to the site name without an article', () => {
    expect(ogCardText(null)).toEqual({ title: 'Cybermediateinment', byline: '' })
  })
})
