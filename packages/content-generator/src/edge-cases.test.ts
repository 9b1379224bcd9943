import { describe, expect, it } from 'vitest'

import { articleDocumentSchema } from '@repo/schemas/documents'

import { edgeCaseCombinations, longWord } from './edge-cases.ts'
import { generateDataset } from './generate-dataset.ts'

const dataset = generateDataset({
  articles: edgeCaseCombinations,
  seed: 15,
  tags: 24,
  draftRatio: 0,
  edgeCases: true,
})
const articles = dataset.documents.filter((doc) => doc._type === 'article')

/** The traits an article shows, read off the document itself. */
function traitsOf(article: Record<string, unknown>) {
  const title = article.title as string
  const subtitle = article.subtitle as string | undefined
  return {
    longTitle: title.length > 100,
    noImage: !article.heroImage,
    longWord: title.includes(longWord) && (subtitle === undefined || subtitle.includes(longWord)),
    manyTags: (article.tags as unknown[]).length === 12,
    noDek: subtitle === undefined,
  }
}

describe('generateDataset with edge cases', () => {
  it('uses a word of sixty letters', () => {
    expect(longWord).toMatch(/^[A-Za-z]{60}$/)
  })

  it('holds every combination of the traits once in 32 articles', () => {
    const signatures = articles.map((article) => JSON.stringify(traitsOf(article)))
    expect(new Set(signatures).size).toBe(32)
  })

  it('keeps within the limits of the model, missing dek aside', () => {
    for (const article of articles) {
      const withDek = { ...article, subtitle: article.subtitle ?? 'a dek' }
      const parsed = articleDocumentSchema.safeParse(withDek)
      expect(parsed.error?.issues, article._id).toBeUndefined()
    }
    const lengths = articles.map((article) => (article.title as string).length)
    expect(Math.max(...lengths)).toBeGreaterThan(110)
    const deks = articles.flatMap((article) => (article.subtitle ? [article.subtitle] : []))
    expect(Math.max(...deks.map((dek) => (dek as string).length))).toBeGreaterThan(180)
    expect(articles.every((article) => typeof article.excerpt === 'string')).toBe(true)
  })
})
