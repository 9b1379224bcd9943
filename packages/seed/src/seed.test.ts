import { readFileSync } from 'node:fs'

import type { SanityDocument } from 'sanity'
import { beforeAll, describe, expect, it } from 'vitest'

import { publicationDocumentSchema } from '@repo/schemas/documents'

import { createSeedValidator } from './sanity-validation.ts'
import { readSeedDocuments, withImportedAssets } from './seed-documents.ts'

const documents = readSeedDocuments().map(withImportedAssets) as SanityDocument[]
const byId = (id: string) => {
  const document = documents.find((candidate) => candidate._id === id)
  if (!document) throw new Error(`seed has no ${id}`)
  return document
}
const article = byId('article-deepseek-soft-power')

type Validate = Awaited<ReturnType<typeof createSeedValidator>>
let validate: Validate
beforeAll(async () => {
  validate = await createSeedValidator(documents)
}, 60_000)

const errorPathsOf = async (document: SanityDocument) =>
  (await validate(document))
    .filter((marker) => marker.level === 'error')
    .map((marker) => marker.path.map(String).join('.'))

describe('the seed dataset', () => {
  it('should pass the zod models', () => {
    for (const document of documents) {
      const parsed = publicationDocumentSchema.safeParse(document)
      expect(parsed.error?.issues, document._id).toBeUndefined()
    }
  })

  it('should pass the Studio schema validation without errors or warnings', async () => {
    for (const document of documents) {
      expect(await validate(document), document._id).toEqual([])
    }
  })

  it('should hold every paragraph of the scraped article, in order and to the word', () => {
    const scrape = readFileSync(new URL('../source/deepseek-scrape.txt', import.meta.url), 'utf8')
    const lines = scrape.split('\n').filter((line) => line.trim() !== '')
    const chrome = new Set([lines[0], lines[1], lines[2], lines[4], 'Similar Posts'])
    const figureLines = ['Cyberpunk DeepSeek illustration', lines.find((l) => l.includes('futuristic'))]
    const quoteLine = lines.find((line) => line.startsWith('“Personally'))
    const expected = lines.filter(
      (line) => !chrome.has(line) && !figureLines.includes(line) && line !== quoteLine,
    )
    const blocks = (article.body as { _type: string; children?: { text: string }[] }[])
      .filter((block) => block._type === 'block')
      .map((block) => block.children?.map((span) => span.text).join(''))
    expect(blocks).toEqual(expected)
    expect(article.title).toBe(lines[2])
    expect(article.seoTitle).toBe(lines[1])
    expect(article.subtitle).toBe(lines[4])
    expect(byId('quote-altman-open-source').text).toBe(quoteLine?.slice(1, -1))
  })

  it('should give related posts something to show', () => {
    const tagsOf = (document: SanityDocument) =>
      new Set((document.tags as { _ref: string }[]).map((tag) => tag._ref))
    const launchTags = tagsOf(article)
    const companions = documents.filter((d) => d._type === 'article' && d._id !== article._id)
    expect(companions.length).toBeGreaterThanOrEqual(2)
    for (const companion of companions) {
      expect([...tagsOf(companion)].some((tag) => launchTags.has(tag)), companion._id).toBe(true)
    }
  })
})

describe('a broken document', () => {
  const broken = {
    ...article,
    _id: 'article-broken',
    title: 'Oops',
    subtitle: undefined,
    tags: [],
  } as unknown as SanityDocument

  it('should be rejected by zod', () => {
    const parsed = publicationDocumentSchema.safeParse(broken)
    const paths = parsed.error?.issues.map((issue) => issue.path.join('.'))
    expect(paths).toEqual(expect.arrayContaining(['title', 'subtitle', 'tags']))
  })

  it('should be rejected by the Studio validation', async () => {
    expect(await errorPathsOf(broken)).toEqual(expect.arrayContaining(['title', 'subtitle', 'tags']))
  })

  it('should flag a slug another article already uses', async () => {
    const copy = { ...article, _id: 'article-copy' } as SanityDocument
    const messages = (await validate(copy)).map((marker) => marker.message)
    expect(messages).toContain('Slug is already in use')
  })

  it('should reject an image without alt text in both models', async () => {
    const picture = { ...byId('picture-deepseek-illustration'), alt: undefined }
    expect(publicationDocumentSchema.safeParse(picture).success).toBe(false)
    expect(await errorPathsOf(picture)).toContain('alt')
  })
})
