import AxeBuilder from '@axe-core/playwright'
import type { Page } from '@playwright/test'
import { expect, test } from '@playwright/test'

import { mutate } from './lake-api.ts'

/** Every page type of the reader's site: structure, metadata, feeds, accessibility and looks. */
const deepseekPath = '/articles/open-source-or-soft-power-the-real-face-of-deepseek'

const pageTypes = {
  home: '/',
  article: deepseekPath,
  tag: '/tags/deepseek',
  tags: '/tags',
  'not-found': '/articles/no-such-article',
}

/** Parses XML in the browser: a document with a parser error is not a feed reader's feed. */
async function parseXml(page: Page, xml: string) {
  return page.evaluate((source) => {
    const document = new DOMParser().parseFromString(source, 'application/xml')
    if (document.querySelector('parsererror')) return null
    const texts = (selector: string) =>
      Array.from(document.querySelectorAll(selector), (node) => node.textContent)
    return {
      itemTitles: texts('item > title'),
      itemLinks: texts('item > link'),
      locs: texts('loc'),
    }
  }, xml)
}

for (const [name, path] of Object.entries(pageTypes)) {
  test(`the ${name} page has no accessibility violations and is captured at 375 and 1280 px`, async ({
    page,
  }, testInfo) => {
    for (const width of [375, 1280]) {
      await page.setViewportSize({ width, height: 900 })
      await page.goto(path)
      // No horizontal scrolling at any width, down to a small phone.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        width,
      )
      // Kept in test-results/ as the run's artifacts, passing or not.
      await page.screenshot({ path: testInfo.outputPath(`${name}-${width}.png`), fullPage: true })
    }
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme })
      const results = await new AxeBuilder({ page }).analyze()
      expect(
        results.violations.map((violation) => `${scheme}: ${violation.id}: ${violation.help}`),
      ).toEqual([])
    }
  })
}

test('the article page says what it is to search engines and link previews', async ({ page }) => {
  await page.goto(deepseekPath)
  const meta = (selector: string) => page.locator(selector).first().getAttribute('content')
  expect(await page.locator('link[rel="canonical"]').getAttribute('href')).toMatch(
    new RegExp(`${deepseekPath}$`),
  )
  expect(await meta('meta[name="description"]')).toBeTruthy()
  expect(await meta('meta[property="og:type"]')).toBe('article')
  expect(await meta('meta[name="twitter:card"]')).toBe('summary_large_image')

  const ogImage = (await meta('meta[property="og:image"]')) ?? ''
  const image = await page.request.get(ogImage)
  expect(image.status()).toBe(200)
  expect(image.headers()['content-type']).toBe('image/png')
  const png = await image.body()
  // A PNG's IHDR holds width and height at bytes 16-23.
  expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 630])

  const jsonLd = JSON.parse(
    (await page.locator('script[type="application/ld+json"]').textContent()) ?? '',
  ) as Record<string, unknown>
  expect(jsonLd).toMatchObject({
    '@type': 'NewsArticle',
    headline: 'From Sputnik to DeepSeek: China’s Bid for AI Supremacy',
    datePublished: '2025-02-03T09:00:00Z',
    author: [{ '@type': 'Person', name: 'Cybermediateinment' }],
  })
})

test('similar posts rank the articles sharing the most tags first', async ({ page }) => {
  await page.goto(deepseekPath)
  const similar = page.getByRole('complementary', { name: 'Similar posts' })
  // Both companions share four tags with DeepSeek; the newer one comes first.
  await expect(similar.getByRole('heading', { level: 3 })).toHaveText([
    'The Chips Act and the New Silicon Curtain',
    'Europe Between Two AI Empires',
  ])
  await expect(similar.getByRole('link', { name: /DeepSeek/ })).toHaveCount(0)
})

test('the RSS feed and the sitemap parse and list every article', async ({ page, request }) => {
  const feed = await request.get('/feed.xml')
  expect(feed.headers()['content-type']).toContain('application/rss+xml')
  const parsedFeed = await parseXml(page, await feed.text())
  expect(parsedFeed?.itemTitles).toEqual([
    'Open Source or Soft Power? The Real Face of DeepSeek',
    'The Chips Act and the New Silicon Curtain',
    'Europe Between Two AI Empires',
  ])
  expect(parsedFeed?.itemLinks[0]).toMatch(new RegExp(`${deepseekPath}$`))

  const sitemap = await parseXml(page, await (await request.get('/sitemap.xml')).text())
  expect(sitemap?.locs).toEqual(
    expect.arrayContaining([
      expect.stringMatching(new RegExp(`${deepseekPath}$`)),
      expect.stringMatching(/\/tags\/deepseek$/),
    ]) as unknown,
  )
  const robots = await (await request.get('/robots.txt')).text()
  expect(robots).toMatch(/Sitemap: .*\/sitemap\.xml/)
})

test('the tag index lists every tag with its article count', async ({ page }) => {
  await page.goto('/tags')
  await expect(page.getByRole('link', { name: 'AI', exact: true })).toBeVisible()
  await expect(page.getByRole('listitem').filter({ hasText: /^AI/ })).toContainText('3 articles')
  await page.getByRole('link', { name: 'DeepSeek', exact: true }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('DeepSeek')
})

test('the home list pages through older stories once there are more than ten', async ({ page }) => {
  const ids = Array.from({ length: 9 }, (_, index) => `article-archive-${index}`)
  await mutate(
    ids.map((id, index) => ({
      create: {
        _id: id,
        _type: 'article',
        title: `From the archive, number ${index}`,
        slug: { _type: 'slug', current: `from-the-archive-${index}` },
        author: 'Cybermediateinment',
        publishedAt: `2024-0${(index % 9) + 1}-01T09:00:00Z`,
      },
    })),
  )
  try {
    await expect
      .poll(
        async () => {
          await page.goto('/')
          return page.locator('.pagination-position').allTextContents()
        },
        { timeout: 10_000 },
      )
      .toEqual(['Page 1 of 2'])
    await page.getByRole('link', { name: /Older stories/ }).click()
    await expect(page).toHaveURL(/\/page\/2$/)
    // Twelve stories, newest first: the two oldest are left for page two.
    await expect(page.getByRole('heading', { level: 2 })).toHaveText([
      'From the archive, number 1',
      'From the archive, number 0',
    ])
    expect((await page.goto('/page/3'))?.status()).toBe(404)
    expect((await page.goto('/page/nope'))?.status()).toBe(404)
    await page.goto('/page/1')
    await expect(page).toHaveURL(/\/$/)
  } finally {
    await mutate(ids.map((id) => ({ delete: { id } })))
  }
})
