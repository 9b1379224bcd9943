import { evaluate, parse } from 'groq-js'
import { describe, expect, it } from 'vitest'

import { readSeedDocuments, withImportedAssets } from '@repo/seed/documents'

import { articleBySlugQuery, articleBySlugResult } from '@repo/queries/queries'
import type { Article } from '@repo/queries/results'

import { articleMarkdown, escapeMarkdown } from './article-markdown'

const seed = readSeedDocuments().map(withImportedAssets)
const seedArticle = seed.find(
  (document) => document._id === 'article-deepseek-soft-power',
) as unknown as {
  body: { _type: string; children?: { text: string }[] }[]
}
const options = {
  siteUrl: 'https://example.test',
  imageUrl: () => 'https://cdn.example.test/deepseek.png',
}

async function deepseek(): Promise<Article> {
  const params = { slug: 'open-source-or-soft-power-the-real-face-of-deepseek' }
  const value: unknown = await (
    await evaluate(parse(articleBySlugQuery, { params }), { dataset: seed, params })
  ).get()
  const article = articleBySlugResult.parse(value)
  if (!article) throw new Error('seed article not found')
  return article
}

/** What a reader sees of Markdown: escapes, emphasis and link targets gone, spaces collapsed. */
const plain = (markdown: string) =>
  markdown
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\\(.)/g, '$1')
    .replace(/[*_]{1,2}/g, '')
    .replace(/\s+/g, ' ')

describe('articleMarkdown', () => {
  it('should hold every paragraph and heading of the seed, in order', async () => {
    const markdown = plain(articleMarkdown(await deepseek(), options))
    let cursor = 0
    for (const block of seedArticle.body.filter((member) => member._type === 'block')) {
      const text = (block.children ?? [])
        .map((span) => span.text)
        .join('')
        .replace(/\s+/g, ' ')
      const found = markdown.indexOf(text, cursor)
      expect(found, text).toBeGreaterThanOrEqual(cursor)
      cursor = found + text.length
    }
  })

  it('should give the head, the quote, the image and the tags their Markdown forms', async () => {
    const markdown = articleMarkdown(await deepseek(), options)
    expect(markdown.startsWith('# Open Source or Soft Power? The Real Face of DeepSeek\n')).toBe(
      true,
    )
    expect(markdown).toContain('By Cybermediateinment · 3 February 2025')
    expect(markdown).toMatch(/^## The Market Logic Behind “Openness”$/m)
    expect(markdown).toMatch(/^> “Personally, I think we have been on the wrong side of history/m)
    expect(markdown).toMatch(/^> — Sam Altman, CEO of OpenAI \(Reddit AMA\)$/m)
    expect(markdown).toContain('](https://cdn.example.test/deepseek.png)')
    expect(markdown).toContain('[DeepSeek](https://example.test/tags/deepseek)')
  })

  it('should drop unsafe links and keep their text', async () => {
    const article = await deepseek()
    const hostile: Article = {
      ...article,
      body: [
        {
          _type: 'block',
          _key: 'b',
          style: 'normal',
          markDefs: [{ _type: 'link', _key: 'l', href: 'javascript:alert(1)' }],
          children: [{ _type: 'span', _key: 's', text: 'click me', marks: ['l'] }],
        },
      ] as Article['body'],
    }
    const markdown = articleMarkdown(hostile, options)
    expect(markdown).toContain('click me')
    expect(markdown).not.toContain('javascript:')
  })

  it('should escape Markdown syntax in plain fields', () => {
    expect(escapeMarkdown('# [x](javascript:y) *z*')).toBe('\\# \\[x\\](javascript:y) \\*z\\*')
  })
})
