import { expect, test } from '@playwright/test'

import { readSeedDocuments } from '@repo/seed/documents'

const seed = readSeedDocuments()
const find = (id: string) => {
  const document = seed.find((candidate) => candidate._id === id)
  if (!document) throw new Error(`seed has no ${id}`)
  return document
}
type Block = { _type: string; style?: string; children?: { text: string }[] }
const article = find('article-deepseek-soft-power') as unknown as {
  title: string
  subtitle: string
  author: string
  slug: { current: string }
  body: Block[]
}
const quote = find('quote-altman-open-source') as unknown as {
  text: string
  attribution: string
  role: string
}
const picture = find('picture-deepseek-illustration') as unknown as {
  alt: string
  caption: string
  credit: string
}
const textOf = (block: Block) => block.children?.map((span) => span.text).join('') ?? ''
const articlePath = `/articles/${article.slug.current}`

test.describe('the DeepSeek article page', () => {
  test('should show the headline, dek and byline', async ({ page }) => {
    const response = await page.goto(articlePath)
    expect(response?.status()).toBe(200)
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(article.title)
    await expect(page.getByText(article.subtitle, { exact: true })).toBeVisible()
    await expect(page.locator('main > article')).toContainText(article.author)
    await expect(page).toHaveTitle(/Sputnik to DeepSeek|Open Source or Soft Power/)
  })

  test('should show every paragraph and heading of the seed, in order', async ({ page }) => {
    await page.goto(articlePath)
    const body = page.locator('main > article')
    const paragraphs = article.body.filter(
      (block) => block._type === 'block' && block.style === 'normal',
    )
    const headings = article.body.filter((block) => block._type === 'block' && block.style === 'h2')
    expect(paragraphs.length).toBeGreaterThan(15)
    for (const heading of headings) {
      await expect(body.getByRole('heading', { level: 2, name: textOf(heading) })).toBeVisible()
    }
    const rendered = (await body.innerText()).replace(/\s+/g, ' ')
    let cursor = 0
    for (const block of [...paragraphs, ...headings].sort(
      (a, b) => article.body.indexOf(a) - article.body.indexOf(b),
    )) {
      const text = textOf(block).replace(/\s+/g, ' ')
      const at = rendered.indexOf(text, cursor)
      expect(at, `"${text.slice(0, 60)}…" in order`).toBeGreaterThanOrEqual(0)
      cursor = at + text.length
    }
  })

  test('should show the quote as a pull-quote with its attribution', async ({ page }) => {
    await page.goto(articlePath)
    const figure = page.locator('article figure', { has: page.locator('blockquote') })
    await expect(figure.locator('blockquote')).toContainText(quote.text)
    await expect(figure).toContainText(quote.attribution)
    await expect(figure).toContainText(quote.role)
  })

  test('should show the illustration with its alt text, caption and credit', async ({ page }) => {
    await page.goto(articlePath)
    const figure = page.locator('article figure', { has: page.getByAltText(picture.alt) })
    const image = figure.getByAltText(picture.alt)
    await image.scrollIntoViewIfNeeded()
    await expect(image).toBeVisible()
    await expect
      .poll(() => image.evaluate((element: HTMLImageElement) => element.naturalWidth))
      .toBeGreaterThan(0)
    const caption = figure.locator('figcaption')
    await expect(caption).toContainText(picture.caption)
    await expect(caption).toContainText(picture.credit)
  })

  test('should reach a reader with no JavaScript at all, as a page without content does', async ({
    page,
  }) => {
    const scriptsOf = async (path: string) => {
      await page.goto(path)
      // JSON-LD is data, not a script that runs.
      const scripts = await page
        .locator('script:not([type="application/ld+json"])')
        .evaluateAll((elements) => elements.map((script) => script.outerHTML.slice(0, 120)))
      const preloads = await page.locator('link[as="script"], link[rel="modulepreload"]').count()
      return { scripts, preloads, nextRuntime: await page.evaluate(() => 'next' in window) }
    }
    const none = { scripts: [], preloads: 0, nextRuntime: false }
    expect(await scriptsOf(articlePath)).toEqual(none)
    expect(await scriptsOf('/no-such-page')).toEqual(none)
  })

  test('should list its tags', async ({ page }) => {
    await page.goto(articlePath)
    for (const title of ['DeepSeek', 'Chips Act', 'Open source', 'China–USA', 'AI']) {
      await expect(
        page.locator('main > article').getByRole('link', { name: title, exact: true }),
      ).toBeVisible()
    }
  })
})

test('the home page should list the DeepSeek article and its companions', async ({ page }) => {
  const response = await page.goto('/')
  expect(response?.status()).toBe(200)
  const link = page.getByRole('link', { name: article.title }).first()
  await expect(link).toBeVisible()
  await expect(
    page.getByRole('link', { name: 'The Chips Act and the New Silicon Curtain' }).first(),
  ).toBeVisible()
  await link.click()
  await expect(page).toHaveURL(new RegExp(`${articlePath}$`))
})

test('an unknown slug should answer 404 with a way back', async ({ page }) => {
  const response = await page.goto('/articles/no-such-article')
  expect(response?.status()).toBe(404)
  await page
    .getByRole('link', { name: /home|front page|back/i })
    .first()
    .click()
  await expect(page).toHaveURL(/\/$/)
})
