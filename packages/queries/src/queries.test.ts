import { evaluate, parse } from 'groq-js'
import { describe, expect, it } from 'vitest'

import { readSeedDocuments, withImportedAssets } from '@repo/seed/documents'

import {
  articlePageQuery,
  articlePageResult,
  articleBySlugQuery,
  articleBySlugResult,
  articleSlugsQuery,
  articleSlugsResult,
  latestArticlesQuery,
  latestArticlesResult,
  revalidationTargetsQuery,
  revalidationTargetsResult,
  sitemapQuery,
  sitemapResult,
  tagIndexQuery,
  tagIndexResult,
  tagSlugsQuery,
  tagSlugsResult,
  tagWithArticlesQuery,
  tagWithArticlesResult,
} from './queries.ts'

// The seed as the lake holds it after import: markers become references to an image asset.
const seed = readSeedDocuments().map(withImportedAssets)
const picture = seed.find((document) => document._type === 'picture') as unknown as {
  image: { asset: { _ref: string } }
}
const assetId = picture.image.asset._ref
const dataset = [
  ...seed,
  {
    _id: assetId,
    _type: 'sanity.imageAsset',
    url: `http://lake.test/images/local/production/${assetId.slice(6, -4)}.png`,
    metadata: { dimensions: { width: 1600, height: 900 }, lqip: 'data:image/jpeg;base64,AA==' },
  },
]
const slug = 'open-source-or-soft-power-the-real-face-of-deepseek'

async function run(query: string, params: Record<string, unknown>, data: unknown[] = dataset) {
  return (
    await evaluate(parse(query, { params }), { dataset: data, params })
  ).get() as Promise<unknown>
}

describe('articleBySlugQuery', () => {
  it('should return the DeepSeek article with its quote and picture resolved', async () => {
    const article = articleBySlugResult.parse(await run(articleBySlugQuery, { slug }))
    expect(article?.title).toBe('Open Source or Soft Power? The Real Face of DeepSeek')
    expect(article?.seoTitle).toBe('From Sputnik to DeepSeek: China’s Bid for AI Supremacy')
    const quote = article?.body.find((member) => member._type === 'quoteReference')
    expect(quote?.quote).toMatchObject({ attribution: 'Sam Altman', role: 'CEO of OpenAI' })
    const figure = article?.body.find((member) => member._type === 'pictureReference')
    expect(figure?.picture?.image?.asset).toMatchObject({ width: 1600, height: 900 })
    expect(article?.tags.map((tag) => tag.slug)).toContain('deepseek')
    const seedArticle = seed.find((document) => document._id === 'article-deepseek-soft-power')
    expect(article?.body).toHaveLength((seedArticle?.body as unknown[]).length)
  })

  it('should return null for an unknown slug', async () => {
    expect(articleBySlugResult.parse(await run(articleBySlugQuery, { slug: 'nope' }))).toBeNull()
  })

  it('should survive dangling references and a missing asset', async () => {
    const broken = dataset.filter(
      (document) =>
        document._id !== assetId && document._type !== 'quote' && document._id !== 'tag-ai',
    )
    const article = articleBySlugResult.parse(await run(articleBySlugQuery, { slug }, broken))
    expect(article?.body.find((member) => member._type === 'quoteReference')).toMatchObject({
      quote: null,
    })
    expect(article?.heroImage?.image?.asset).toBeNull()
    expect(article?.tags.map((tag) => tag.slug)).not.toContain('ai')
  })
})

describe('latestArticlesQuery', () => {
  it('should list every article newest first, with its hero image and tags', async () => {
    const articles = latestArticlesResult.parse(await run(latestArticlesQuery, { limit: 20 }))
    expect(articles).toHaveLength(3)
    const dates = articles.map((article) => Date.parse(article.publishedAt ?? ''))
    expect(dates).toEqual([...dates].sort((a, b) => b - a))
    expect(articles[0]?.slug).toBe(slug)
    expect(articles[0]?.heroImage?.image?.asset?.url).toContain(assetId.slice(6, -4))
    expect(articles[0]?.tags).toHaveLength(8)
  })

  it('should stop at the limit', async () => {
    const articles = latestArticlesResult.parse(await run(latestArticlesQuery, { limit: 2 }))
    expect(articles.map((article) => article.slug)).toEqual([
      slug,
      'the-chips-act-and-the-new-silicon-curtain',
    ])
  })
})

describe('articleSlugsQuery', () => {
  it('should list every article slug', async () => {
    expect(articleSlugsResult.parse(await run(articleSlugsQuery, { limit: 50 }))).toHaveLength(3)
  })
})

describe('tagSlugsQuery', () => {
  it('should list tag slugs up to the limit', async () => {
    const slugs = tagSlugsResult.parse(await run(tagSlugsQuery, { limit: 100 }))
    expect(slugs).toContain('deepseek')
    expect(tagSlugsResult.parse(await run(tagSlugsQuery, { limit: 2 }))).toHaveLength(2)
  })
})

describe('tagWithArticlesQuery', () => {
  it('should return the tag and one page of the articles that reference it', async () => {
    const tag = tagWithArticlesResult.parse(
      await run(tagWithArticlesQuery, { slug: 'europe', start: 0, end: 10 }),
    )
    expect(tag?.title).toBe('Europe')
    expect(tag?.total).toBe(2)
    expect(tag?.articles.map((article) => article.slug)).toEqual([
      slug,
      'europe-between-two-ai-empires',
    ])
    const second = tagWithArticlesResult.parse(
      await run(tagWithArticlesQuery, { slug: 'europe', start: 1, end: 2 }),
    )
    expect(second?.articles.map((article) => article.slug)).toEqual([
      'europe-between-two-ai-empires',
    ])
  })
})

describe('articlePageQuery', () => {
  it('should count every article and return the requested page', async () => {
    const page = articlePageResult.parse(await run(articlePageQuery, { start: 2, end: 4 }))
    expect(page.total).toBe(3)
    expect(page.articles.map((article) => article.slug)).toEqual(['europe-between-two-ai-empires'])
  })
})

describe('tagIndexQuery', () => {
  it('should list tags alphabetically with their article counts', async () => {
    const tags = tagIndexResult.parse(await run(tagIndexQuery, {}))
    const titles = tags.map((tag) => tag.title)
    expect(titles).toEqual([...titles].sort((a, b) => a.localeCompare(b)))
    expect(tags.find((tag) => tag.slug === 'ai')?.articleCount).toBe(3)
    expect(tags.find((tag) => tag.slug === 'deepseek')?.articleCount).toBe(1)
  })
})

describe('sitemapQuery', () => {
  it('should list every article and tag address', async () => {
    const sitemap = sitemapResult.parse(await run(sitemapQuery, { limit: 100 }))
    expect(sitemap.articles.map((entry) => entry.slug)).toContain(slug)
    expect(sitemap.tags).toHaveLength(8)
  })
})

describe('revalidationTargetsQuery', () => {
  it('should name the tags touched and the articles referencing a document', async () => {
    const targets = revalidationTargetsResult.parse(
      await run(revalidationTargetsQuery, { id: 'tag-europe', tagIds: ['tag-ai', 'nope'] }),
    )
    expect(targets.tagSlugs).toEqual(['ai'])
    expect(targets.articles.map((article) => article.slug).sort()).toEqual([
      'europe-between-two-ai-empires',
      slug,
    ])
  })
})
