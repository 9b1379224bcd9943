import type { Browser } from '@playwright/test'
import { expect, test } from '@playwright/test'
import { createPreviewSecret } from '@sanity/preview-url-secret/create-secret'

import { failOnCspViolations } from './csp-violations.ts'
import { e2eEnv } from './env.ts'
import { lakeClient } from './lake-api.ts'
import { openStudioSignInLink } from './studio-sign-in.ts'

/**
 * Editors see drafts before readers do: draft mode through the Presentation tool's secret, live
 * updates of the preview, the public page untouched until Publish, and click-to-edit overlays.
 */
const { webUrl, studioUrl } = e2eEnv
const articleId = 'article-deepseek-soft-power'
const articlePath = '/articles/open-source-or-soft-power-the-real-face-of-deepseek'
const launchDek = 'When Beijing’s “open” AI becomes a geopolitical weapon.'

test.describe.configure({ timeout: 90_000 })

// The Studio's pages (and the site framed in Presentation) run under their CSP with nothing refused.
failOnCspViolations()

const lake = lakeClient()

/** A browser context in draft mode, entered the way the Presentation tool enters it. */
async function previewContext(browser: Browser) {
  const { secret } = await createPreviewSecret(lake, 'e2e', studioUrl)
  const context = await browser.newContext({ baseURL: webUrl })
  const page = await context.newPage()
  const url = `/api/draft-mode/enable?sanity-preview-secret=${secret}&sanity-preview-pathname=${encodeURIComponent(articlePath)}`
  await page.goto(url)
  await expect(page).toHaveURL(new RegExp(`${articlePath}$`))
  await expect(page.getByRole('status').filter({ hasText: 'Preview' })).toBeVisible()
  // The preview runs on Next's client runtime (its scripts allowed by hash), which readers' pages
  // go without.
  await expect.poll(() => page.evaluate(() => 'next' in window)).toBe(true)
  return { context, page }
}

const publicDek = async () => {
  const html = await (await fetch(`${webUrl}${articlePath}`)).text()
  return /<p class="dek">([^<]*)<\/p>/.exec(html)?.[1]?.replace(/&#x27;|&#39;/g, "'")
}

test('draft mode refuses a missing or wrong secret', async ({ request }) => {
  expect((await request.get('/api/draft-mode/enable')).status()).toBe(401)
  const wrong = await request.get(
    `/api/draft-mode/enable?sanity-preview-secret=not-the-secret&sanity-preview-pathname=${articlePath}`,
  )
  expect(wrong.status()).toBe(401)
  expect((await request.get('/api/draft-mode/changes')).status()).toBe(401)
})

test('the preview shows a draft dek live; readers see it only after Publish', async ({
  browser,
  page: studio,
}) => {
  const { context, page: preview } = await previewContext(browser)
  try {
    await openStudioSignInLink(studio)
    await studio.goto(`${studioUrl}/structure/article;${articleId}`)
    const dek = studio.locator('[data-testid="field-subtitle"] input')
    await expect(dek).toHaveValue(launchDek, { timeout: 45_000 })
    const draftDek = `A dek still in draft ${Date.now().toString(36)}`
    await dek.fill(draftDek)

    // The open preview re-renders by itself; readers still get the published dek.
    // Stega adds invisible source markers after the text, hence "contain".
    await expect(preview.locator('.dek')).toContainText(draftDek, { timeout: 10_000 })
    expect(await publicDek()).toBe(launchDek)

    await studio.getByTestId('action-publish').click()
    const published = () =>
      lake.fetch<string | null>('*[_id == $id][0].subtitle', { id: articleId })
    await expect.poll(published, { timeout: 15_000 }).toBe(draftDek)
    // From the moment the lake has it, readers get it within two seconds.
    await expect.poll(publicDek, { timeout: 2_000, intervals: [100] }).toBe(draftDek)
  } finally {
    await context.close()
    await lake.patch(articleId).set({ subtitle: launchDek }).commit()
  }
})

test('leaving draft mode returns to the public version', async ({ browser }) => {
  const { context, page } = await previewContext(browser)
  try {
    await page.goto(`/api/draft-mode/disable?redirect=${encodeURIComponent(articlePath)}`)
    await expect(page).toHaveURL(new RegExp(`${articlePath}$`))
    await expect(page.getByText('you are seeing unpublished drafts')).toHaveCount(0)
    // Never to another site, whatever the link says.
    await page.goto('/api/draft-mode/disable?redirect=%2F%5Cevil.test')
    expect(new URL(page.url()).host).toBe(new URL(webUrl).host)
  } finally {
    await context.close()
  }
})

test('clicking the title in the Presentation preview opens the title field in the Studio', async ({
  page,
}) => {
  await openStudioSignInLink(page)
  await page.goto(`${studioUrl}/presentation?preview=${encodeURIComponent(articlePath)}`)
  const frame = page.frameLocator('iframe')
  const title = frame.getByRole('heading', { level: 1 })
  await expect(title).toContainText('The Real Face of DeepSeek', { timeout: 45_000 })
  // Visual editing draws its overlays once the Studio and the page have shaken hands; until then a
  // click does nothing, so it is repeated until the Studio navigates to the field.
  await expect(async () => {
    await title.hover()
    await title.click()
    await expect(page).toHaveURL(/\/presentation\/article\/article-deepseek-soft-power\/title\?/, {
      timeout: 2_000,
    })
  }).toPass({ timeout: 45_000 })
  await expect(page.locator('[data-testid="field-title"] input')).toBeFocused({ timeout: 10_000 })
  await expect(page.locator('[data-testid="field-title"] input')).toHaveValue(
    /^Open Source or Soft Power\?/,
  )
})

test('"Open preview" on an article opens it in the Presentation tool', async ({ page }) => {
  await openStudioSignInLink(page)
  await page.goto(`${studioUrl}/structure/article;${articleId}`)
  await expect(page.locator('[data-testid="field-title"] input')).toBeVisible({ timeout: 45_000 })
  await page.getByTestId('pane-footer').getByTestId('action-menu-button').click()
  await page.getByRole('menuitem', { name: 'Open preview' }).click()
  await expect(page).toHaveURL(/\/presentation\//)
  await expect(page.frameLocator('iframe').getByRole('heading', { level: 1 })).toContainText(
    'The Real Face of DeepSeek',
    { timeout: 45_000 },
  )
})
