import { expect, test } from '@playwright/test'

import { readSeedDocuments } from '@repo/seed/documents'

import { mutate } from './lake-api.ts'

/** Readers find articles by what they say, and take any article away as Markdown. */
const deepseekSlug = 'open-source-or-soft-power-the-real-face-of-deepseek'
const deepseekTitle = 'Open Source or Soft Power? The Real Face of DeepSeek'

test('searching "Sputnik" finds the DeepSeek piece first, highlighted, without JavaScript', async ({
  browser,
}) => {
  const context = await browser.newContext({ javaScriptEnabled: false })
  const page = await context.newPage()
  await page.goto('/')
  await page.getByRole('searchbox', { name: 'Search articles' }).first().fill('Sputnik')
  await page.getByRole('button', { name: 'Search' }).first().click()
  await expect(page).toHaveURL(/\/search\?q=Sputnik$/)
  const results = page.getByRole('listitem')
  await expect(results.first().getByRole('heading')).toHaveText(deepseekTitle)
  await expect(results.first().locator('mark').first()).toHaveText('Sputnik')
  await context.close()
})

test('a nonsense word finds nothing and says so', async ({ page }) => {
  await page.goto('/search?q=xqzzyvplonk')
  await expect(page.getByText('Nothing matches')).toBeVisible()
  await expect(page.locator('.search-results')).toHaveCount(0)
})

test('quotes, GROQ syntax, markup and 10,000 characters are only ever words', async ({ page }) => {
  for (const q of [
    '"open source"',
    '*[_type == "article"] || true',
    '"] | order(_id) {..., "x": *[]}',
    '<script>alert(1)</script>',
    'deepseek '.repeat(1_200),
  ]) {
    const response = await page.goto(`/search?q=${encodeURIComponent(q)}`)
    expect(response?.status(), q.slice(0, 40)).toBe(200)
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Search')
  }
  // The quoted phrase's words are found; markup is shown as text, never run.
  await page.goto(`/search?q=${encodeURIComponent('"open source"')}`)
  await expect(page.getByRole('link', { name: deepseekTitle })).toBeVisible()
  await page.goto(`/search?q=${encodeURIComponent('<script>alert(1)</script>')}`)
  await expect(page.getByText('“<script>alert(1)</script>”')).toBeVisible()
  await page.goto(`/search?q=${'deepseek%20'.repeat(1_200)}`)
  await expect(page.getByText(/Only the first 200 characters/)).toBeVisible()
})

test('every article has a Markdown twin holding every paragraph of the seed', async ({
  page,
  request,
}) => {
  const response = await request.get(`/articles/${deepseekSlug}.md`)
  expect(response.status()).toBe(200)
  expect(response.headers()['content-type']).toBe('text/markdown; charset=utf-8')
  const markdown = (await response.text()).replace(/\\(.)/g, '$1')
  expect(markdown.startsWith(`# ${deepseekTitle}\n`)).toBe(true)
  const seedArticle = readSeedDocuments().find(
    (document) => document._id === 'article-deepseek-soft-power',
  ) as unknown as { body: { _type: string; children?: { text: string }[] }[] }
  for (const block of seedArticle.body.filter((member) => member._type === 'block')) {
    expect(markdown).toContain((block.children ?? []).map((span) => span.text).join(''))
  }
  expect((await request.get('/articles/no-such-article.md')).status()).toBe(404)

  await page.goto(`/articles/${deepseekSlug}`)
  const alternate = page.locator('link[rel="alternate"][type="text/markdown"]')
  await expect(alternate).toHaveAttribute('href', new RegExp(`/articles/${deepseekSlug}\\.md$`))
})

test('llms.txt lists every published article and no draft', async ({ request }) => {
  const draftTitle = `An unpublished draft ${Date.now().toString(36)}`
  await mutate([
    {
      create: {
        _id: 'drafts.article-llms-draft',
        _type: 'article',
        title: draftTitle,
        slug: { _type: 'slug', current: 'llms-draft' },
      },
    },
  ])
  try {
    const response = await request.get('/llms.txt')
    expect(response.headers()['content-type']).toContain('text/plain')
    const text = await response.text()
    expect(text.startsWith('# Cybermediateinment\n')).toBe(true)
    for (const [title, slug] of [
      [deepseekTitle, deepseekSlug],
      ['The Chips Act and the New Silicon Curtain', 'the-chips-act-and-the-new-silicon-curtain'],
      ['Europe Between Two AI Empires', 'europe-between-two-ai-empires'],
    ]) {
      expect(text).toContain(`[${title}](`)
      expect(text).toContain(`/articles/${slug}.md)`)
    }
    expect(text).not.toContain(draftTitle)
    expect(text).not.toContain('llms-draft')
  } finally {
    await mutate([{ delete: { id: 'drafts.article-llms-draft' } }])
  }
})
