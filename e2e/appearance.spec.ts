import type { Page } from '@playwright/test'
import { expect, test } from '@playwright/test'
import { createPreviewSecret } from '@sanity/preview-url-secret/create-secret'

import { e2eEnv } from './env.ts'
import { lakeClient } from './lake-api.ts'

/**
 * Reviewed screenshots: every page type at 375 and 1280 px, light and dark, compared with the
 * baselines in `appearance.spec.ts-snapshots/`. The file runs first (files run in name order), on
 * the launch set before any other spec publishes a change; the content's dates are fixed, the
 * serif faces are the site's own (sans text is the machine's DejaVu Sans) and animations are off. A failing comparison puts the expected, actual and
 * diff images in the test report; update the baselines on purpose only (see README.md).
 */
const { webUrl, studioUrl } = e2eEnv
const articlePath = '/articles/open-source-or-soft-power-the-real-face-of-deepseek'

const pageTypes = {
  home: '/',
  article: articlePath,
  // Its similar posts include one with an image, as a card of a narrow column.
  'article-similar-image': '/articles/the-chips-act-and-the-new-silicon-curtain',
  tag: '/tags/deepseek',
  tags: '/tags',
  search: '/search?q=Sputnik',
  'not-found': '/articles/no-such-article',
}
const widths = [375, 1280]
const schemes = ['light', 'dark'] as const

/** Lazy images load when scrolled to; the full-page capture needs them all, decoded. */
async function loadEveryImage(page: Page) {
  await page.evaluate(async () => {
    const images = Array.from(document.images)
    for (const image of images) image.loading = 'eager'
    await Promise.all(images.map((image) => image.decode()))
    await document.fonts.ready
    // Decoded is not yet painted: two frames later it is.
    for (let frame = 0; frame < 2; frame++) {
      await new Promise((resolve) => requestAnimationFrame(resolve))
    }
  })
}

/** Each width is a fresh load, as a reader's device would make it (no resized page). */
async function expectLooks(page: Page, name: string, path: string, fullPage = true) {
  for (const width of widths) {
    await page.setViewportSize({ width, height: 900 })
    await page.goto(path)
    for (const scheme of schemes) {
      await page.emulateMedia({ colorScheme: scheme })
      await loadEveryImage(page)
      await expect(page).toHaveScreenshot(`${name}-${width}-${scheme}.png`, {
        fullPage,
        animations: 'disabled',
        // The same page on two Debian machines (one with fonts-liberation) drew one line of sans
        // text a pixel lower (677 pixels); a broken layout changes tens of thousands.
        maxDiffPixels: 1_000,
        // Capturing a 5,000 px page twice takes a while on two busy cores.
        timeout: 20_000,
      })
    }
  }
}

for (const [name, path] of Object.entries(pageTypes)) {
  test(`the ${name} page looks as reviewed at 375 and 1280 px, light and dark`, async ({
    page,
  }) => {
    await expectLooks(page, name, path)
  })
}

test('the draft-mode banner looks as reviewed at 375 and 1280 px, light and dark', async ({
  browser,
}) => {
  const lake = lakeClient()
  const { secret } = await createPreviewSecret(lake, 'e2e', studioUrl)
  const context = await browser.newContext({ baseURL: webUrl })
  try {
    const page = await context.newPage()
    await page.goto(
      `/api/draft-mode/enable?sanity-preview-secret=${secret}&sanity-preview-pathname=${encodeURIComponent(articlePath)}`,
    )
    await expect(page).toHaveURL(new RegExp(`${articlePath}$`))
    await expect(page.getByRole('status').filter({ hasText: 'Preview' })).toBeVisible()
    // The banner is at the top; below it the article is the article page's own baseline.
    await expectLooks(page, 'draft-mode', articlePath, false)
  } finally {
    await context.close()
  }
})
