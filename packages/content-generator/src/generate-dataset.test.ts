import { createHash } from 'node:crypto'

import { describe, expect, it } from 'vitest'

import { publicationDocumentSchema } from '@repo/schemas/documents'

import { generateDataset } from './generate-dataset.ts'
import type { GeneratedDocument } from './generate-dataset.ts'

/** The document as the lake holds it after import: `_sanityAsset` markers become asset references. */
function asImported(document: GeneratedDocument): unknown {
  return JSON.parse(JSON.stringify(document), (_key, value: unknown) => {
    if (value && typeof value === 'object' && '_sanityAsset' in value) {
      const { _sanityAsset: marker, ...rest } = value as { _sanityAsset: string }
      const hash = createHash('sha1').update(marker).digest('hex')
      return { ...rest, asset: { _type: 'reference', _ref: `image-${hash}-480x270-png` } }
    }
    return value
  }) as unknown
}

const dataset = generateDataset({ articles: 600, seed: 42, draftRatio: 0.05 })
const byType = (type: string) => dataset.documents.filter((doc) => doc._type === type)
const published = (type: string) => byType(type).filter((doc) => !doc._id.startsWith('drafts.'))

describe('generateDataset', () => {
  it('produces documents that pass the zod models of the stored documents', () => {
    for (const document of dataset.documents) {
      const parsed = publicationDocumentSchema.safeParse(asImported(document))
      expect(parsed.error?.issues, document._id).toBeUndefined()
    }
  })

  it('is deterministic for a seed', () => {
    // A smaller set: determinism does not depend on size, and CI shares two cores with other suites.
    const small = generateDataset({ articles: 150, seed: 42, draftRatio: 0.05 })
    const again = generateDataset({ articles: 150, seed: 42, draftRatio: 0.05 })
    expect(JSON.stringify(again)).toBe(JSON.stringify(small))
    const other = generateDataset({ articles: 150, seed: 43, draftRatio: 0.05 })
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(small))
  })

  it('holds the requested counts, unique ids and unique article slugs', () => {
    expect(published('article')).toHaveLength(600)
    expect(byType('tag')).toHaveLength(200)
    expect(byType('article').length - 600).toBeGreaterThan(10) // drafts
    expect(new Set(dataset.documents.map((doc) => doc._id)).size).toBe(dataset.documents.length)
    const slugs = published('article').map((doc) => (doc.slug as { current: string }).current)
    expect(new Set(slugs).size).toBe(slugs.length)
    expect(dataset.images).toHaveLength(byType('picture').length)
  })

  it('references only documents it contains', () => {
    const ids = new Set(dataset.documents.map((doc) => doc._id))
    const refs = JSON.stringify(dataset.documents).matchAll(/"_ref":"([^"]+)"/g)
    for (const [, ref] of refs) expect(ids.has(ref ?? '')).toBe(true)
  })

  it('spreads tags like a real taxonomy: a few on many articles, a long tail on few', () => {
    const counts = new Map<string, number>()
    for (const article of published('article')) {
      for (const tag of article.tags as { _ref: string }[]) {
        counts.set(tag._ref, (counts.get(tag._ref) ?? 0) + 1)
      }
    }
    const sorted = [...counts.values()].sort((a, b) => b - a)
    expect(sorted[0]).toBeGreaterThan(100)
    expect(sorted.length).toBeGreaterThan(150)
    expect(sorted.at(-1)).toBeLessThan(5)
  })

  it('writes long-read bodies with headings, lists, links and emphasis', () => {
    const articles = published('article')
    const words = articles.map(
      (article) =>
        JSON.stringify(article.body)
          .match(/"text":"[^"]*"/g)
          ?.join(' ')
          .split(' ').length ?? 0,
    )
    const mean = words.reduce((sum, n) => sum + n, 0) / words.length
    expect(mean).toBeGreaterThan(500)
    expect(mean).toBeLessThan(1500)
    const all = JSON.stringify(articles.map((article) => article.body))
    for (const marker of [
      '"style":"h2"',
      '"style":"h3"',
      '"listItem":"bullet"',
      '"listItem":"number"',
      '"_type":"link"',
      '"strong"',
      '"em"',
      '"quoteReference"',
      '"pictureReference"',
    ]) {
      expect(all).toContain(marker)
    }
  })

  it('spreads publication dates over the years, more of them recently', () => {
    const years = published('article').map((article) =>
      new Date(article.publishedAt as string).getUTCFullYear(),
    )
    expect(Math.min(...years)).toBeLessThanOrEqual(2016)
    expect(Math.max(...years)).toBe(2025)
    const recent = years.filter((year) => year >= 2021).length
    expect(recent / years.length).toBeGreaterThan(0.5)
  })

  it('keeps the text of spans equal to the words it was made from (no lost spaces)', () => {
    for (const article of published('article').slice(0, 50)) {
      for (const block of article.body as { _type: string; children?: { text: string }[] }[]) {
        if (block._type !== 'block') continue
        const text = block.children?.map((span) => span.text).join('') ?? ''
        expect(text).not.toMatch(/ {2}|^ | $/)
      }
    }
  })
})
