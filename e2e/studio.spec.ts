import type { Page } from '@playwright/test'
import { expect, test } from '@playwright/test'

import { failOnCspViolations, watchCspViolations } from './csp-violations.ts'
import { e2eEnv } from './env.ts'
import { lakeClient } from './lake-api.ts'
import { watchOffsiteRequests } from './offsite-requests.ts'
import { startLakeOnSameData } from './second-lake.ts'
import { openStudioSignInLink } from './studio-sign-in.ts'

/**
 * The unmodified Sanity Studio against the lake, offline: the editor is signed in without a
 * prompt, edits and publishes, and the lake holds exactly what was published.
 */
const { studioUrl, lakeUrl, studioLakeUrl, writeToken } = e2eEnv
const articleId = 'article-deepseek-soft-power'

test.describe.configure({ timeout: 90_000 })
test.beforeEach(async ({ page }) => {
  await openStudioSignInLink(page)
})

// The Studio's pages (and the site framed in Presentation) run under their CSP with nothing refused.
failOnCspViolations()

// Offline means offline: no flow of the Studio asks any host but this machine for anything.
let offsiteRequests: string[] = []
test.beforeEach(({ context }) => {
  offsiteRequests = watchOffsiteRequests(context)
})
test.afterEach(() => {
  expect(offsiteRequests).toEqual([])
})

async function lakeDocument(id: string, perspective: 'published' | 'raw' = 'published') {
  const url = new URL(`${lakeUrl}/v2025-02-19/data/query/production`)
  url.searchParams.set('query', '*[_id == $id][0]')
  url.searchParams.set('$id', JSON.stringify(id))
  url.searchParams.set('perspective', perspective)
  const response = await fetch(url, { headers: { Authorization: `Bearer ${writeToken}` } })
  return ((await response.json()) as { result: Record<string, unknown> | null }).result
}

async function openArticle(page: Page) {
  await page.goto(`${studioUrl}/structure/article;${articleId}`)
  const title = page.locator('[data-testid="field-title"] input')
  await expect(title).toHaveValue(/^Open Source or Soft Power\? The Real Face of DeepSeek/, {
    timeout: 45_000,
  })
}

/**
 * Failed requests, error responses and console errors (calls to other hosts fail every test, see
 * above); and the ports the Studio's listeners were opened on.
 */
function watchNetwork(page: Page) {
  const problems: string[] = []
  const listenerPorts: string[] = []
  page.on('request', (request) => {
    const url = new URL(request.url())
    // Listeners belong on the lake's listener ports: six on the main port starve the Studio.
    if (url.pathname.includes('/data/listen/') && request.method() === 'GET') {
      listenerPorts.push(url.port)
      if (url.port === new URL(lakeUrl).port) {
        problems.push(`listener on the lake's main port ${request.url()}`)
      }
    }
  })
  page.on('requestfailed', (request) => {
    // Navigations (the sign-in redirect) and closed listeners abort requests; that is no failure.
    const reason = request.failure()?.errorText ?? ''
    if (reason !== 'net::ERR_ABORTED') problems.push(`${reason} ${request.url()}`)
  })
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()} ${response.url()}`)
  })
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`)
  })
  return { problems, listenerPorts }
}

test('the Studio signs the local editor in and lists every document type, offline and clean', async ({
  page,
}) => {
  const { problems, listenerPorts } = watchNetwork(page)
  await page.goto(`${studioUrl}/structure`)
  for (const type of ['Article', 'Quote', 'Image', 'Tag']) {
    await expect(page.getByTestId(`pane-item-${type}`)).toBeVisible({ timeout: 45_000 })
  }
  await expect(page.getByText('Choose login provider')).toHaveCount(0)
  await page.getByTestId('pane-item-Article').click()
  await expect(page.getByText('Europe Between Two AI Empires')).toBeVisible()
  await expect(page.getByText('The Chips Act and the New Silicon Curtain')).toBeVisible()
  await page.getByText('Open Source or Soft Power').first().click()
  await expect(page.locator('[data-testid="field-title"] input')).toBeVisible({ timeout: 15_000 })
  // The help menu's version check and feedback probe run in the background; give them time.
  await page.waitForTimeout(3_000)
  expect(problems).toEqual([])
  // With a document open the Studio holds several listeners at once, spread over the pool's ports.
  expect(listenerPorts.length).toBeGreaterThanOrEqual(4)
  expect(new Set(listenerPorts).size).toBeGreaterThanOrEqual(4)
})

test('the document list, a new document and Inspect load fonts and all else from this machine', async ({
  page,
}) => {
  const fonts: string[] = []
  page.on('request', (request) => {
    if (request.resourceType() === 'font') fonts.push(request.url())
  })
  const fontsSettled = () => page.evaluate(async () => (await document.fonts.ready).status)

  await page.goto(`${studioUrl}/structure/article`)
  await expect(page.getByText('Europe Between Two AI Empires')).toBeVisible({ timeout: 45_000 })
  await fontsSettled()

  await page.goto(`${studioUrl}/intent/create/template=article;type=article/`)
  await page.locator('[data-testid="field-title"] input').waitFor({ timeout: 45_000 })
  await fontsSettled()

  await openArticle(page)
  await page.getByTestId('pane-context-menu-button').last().click()
  await page.getByRole('menuitem', { name: /^Inspect/ }).click()
  const inspect = page.getByRole('dialog')
  await expect(inspect).toContainText(articleId, { timeout: 15_000 })
  await fontsSettled()

  // The Studio's Inter, upright and italic, comes from its own server (and nothing from anywhere
  // else: see the afterEach above).
  const studioFonts = fonts.filter((url) => url.startsWith(`${studioUrl}/`))
  expect(
    studioFonts.some((url) => /inter.*wght-normal/i.test(url)),
    fonts.join('\n'),
  ).toBe(true)
  expect(
    studioFonts.some((url) => /inter.*wght-italic/i.test(url)),
    fonts.join('\n'),
  ).toBe(true)
})

test('a browser that never opened the sign-in link gets no session', async ({ browser }) => {
  const context = await browser.newContext()
  try {
    const page = await context.newPage()
    await page.goto(`${studioUrl}/structure`)
    await expect(page.getByText('This browser is not signed in to the lake yet')).toBeVisible({
      timeout: 45_000,
    })
    expect(new URL(page.url()).origin).toBe(new URL(studioLakeUrl).origin)
    expect(page.url()).not.toContain('sid=')
  } finally {
    await context.close()
  }
})

test('an edit stays a draft until it is published, and survives a lake restart', async ({
  page,
}) => {
  await openArticle(page)
  const title = page.locator('[data-testid="field-title"] input')
  const original = await title.inputValue()
  const edited = `${original} (edited in the Studio)`
  await title.fill(edited)

  await expect
    .poll(async () => (await lakeDocument(`drafts.${articleId}`, 'raw'))?.title, {
      timeout: 15_000,
    })
    .toBe(edited)
  const published = (client = lakeClient()) =>
    client
      .withConfig({ perspective: 'published' })
      .fetch<string | null>('*[_id == $id][0].title', { id: articleId })
  expect(await published()).toBe(original)

  const publish = page.getByTestId('action-publish')
  await expect(publish).toBeEnabled({ timeout: 15_000 })
  await publish.click()
  await expect.poll(() => published(), { timeout: 15_000 }).toBe(edited)
  await expect
    .poll(() => lakeDocument(`drafts.${articleId}`, 'raw'), { timeout: 15_000 })
    .toBeNull()

  const restarted = await startLakeOnSameData()
  try {
    expect(await published(lakeClient(restarted.url))).toBe(edited)
  } finally {
    restarted.stop()
  }
  // The site's tests read the launch title.
  await lakeClient().patch(articleId).set({ title: original }).commit()
})

test('a conflicting or failed mutation leaves the dataset as it was', async ({ page }) => {
  await openArticle(page)
  const client = lakeClient()
  const before = await client.getDocument(articleId)
  const stale = client.patch(articleId).set({ title: 'Overwritten' }).ifRevisionId('stale-rev')
  await expect(stale.commit()).rejects.toMatchObject({ statusCode: 409 })
  const halfDone = client
    .transaction()
    .create({ _id: 'article-half-done', _type: 'article', title: 'Half done' })
    .patch('article-that-does-not-exist', (patch) => patch.set({ title: 'Nope' }))
  await expect(halfDone.commit()).rejects.toMatchObject({ statusCode: 409 })
  expect(await client.getDocument('article-half-done')).toBeUndefined()
  expect(await client.getDocument(articleId)).toEqual(before)
  await expect(page.locator('[data-testid="field-title"] input')).toHaveValue(
    before?.title as string,
  )
})

test('validation messages stop an editor from publishing a broken article', async ({ page }) => {
  await openArticle(page)
  const field = page.getByTestId('field-author')
  const author = field.locator('input')
  await author.fill('')
  const errorIcon = field.getByTestId('input-validation-icon-error')
  await expect(errorIcon).toBeVisible({ timeout: 15_000 })
  await errorIcon.hover()
  await expect(page.getByText('Required', { exact: true }).first()).toBeVisible()
  await expect(page.getByTestId('action-publish')).toBeDisabled()
  // Put the byline back so the draft matches the published article again.
  await author.fill('Cybermediateinment')
  await expect(errorIcon).toHaveCount(0, { timeout: 15_000 })
})

test('two Studio tabs see each other’s edits as they happen', async ({ browser }) => {
  const context = await browser.newContext()
  const tabViolations = await watchCspViolations(context)
  const [first, second] = [await context.newPage(), await context.newPage()]
  // A new context is a new browser profile: it opens the sign-in link once, for both tabs.
  await openStudioSignInLink(first)
  await openArticle(first)
  await openArticle(second)
  const excerpt = 'Typed in one tab, seen in the other.'
  await first.getByTestId('group-tab-seo').click()
  await second.getByTestId('group-tab-seo').click()
  await first.locator('[data-testid="field-excerpt"] textarea').fill(excerpt)
  await expect(second.locator('[data-testid="field-excerpt"] textarea')).toHaveValue(excerpt, {
    timeout: 5_000,
  })
  // Leave no draft behind for the other tests.
  await first.getByTestId('action-publish').click()
  await expect
    .poll(async () => (await lakeDocument(articleId))?.excerpt, { timeout: 15_000 })
    .toBe(excerpt)
  await context.close()
  expect(tabViolations).toEqual([])
})

test('an editor creates, publishes and deletes a tag', async ({ page }) => {
  test.setTimeout(150_000)
  await page.goto(`${studioUrl}/intent/create/template=tag;type=tag/`)
  const title = page.locator('[data-testid="field-title"] input')
  await title.waitFor({ timeout: 45_000 })
  await title.fill('Semiconductors')
  // The first keystroke creates the draft and moves the pane from the intent to the document.
  await page.waitForURL(/\/structure\/tag;/)
  await page.getByTestId('field-slug').getByRole('button', { name: 'Generate' }).click()
  await expect(page.locator('[data-testid="field-slug"] input')).toHaveValue('semiconductors')
  const query = async (perspective: 'raw' | 'published') => {
    const url = new URL(`${lakeUrl}/v2025-02-19/data/query/production`)
    url.searchParams.set('query', '*[_type == "tag" && slug.current == "semiconductors"][0]._id')
    url.searchParams.set('perspective', perspective)
    const headers = { Authorization: `Bearer ${writeToken}` }
    return ((await (await fetch(url, { headers })).json()) as { result: string | null }).result
  }
  // The draft reaches the lake first; publishing acts on it.
  await expect.poll(() => query('raw'), { timeout: 15_000 }).toMatch(/^drafts\./)
  await publishUntil(page, () =>
    expect.poll(() => query('published'), { timeout: 15_000 }).toMatch(/^[\w-]+$/),
  )

  await page.getByTestId('action-menu-button').click()
  await page.getByRole('menuitem', { name: /^Delete/ }).click()
  await page
    .getByRole('button', { name: /delete/i })
    .last()
    .click()
  await expect.poll(() => query('raw'), { timeout: 15_000 }).toBeNull()
})

test('Vision runs GROQ against the lake', async ({ page }) => {
  await page.goto(`${studioUrl}/vision`)
  const editor = page.locator('.cm-content').first()
  await editor.waitFor({ timeout: 45_000 })
  await editor.click()
  await page.keyboard.press('ControlOrMeta+a')
  await page.keyboard.type('*[_type == "quote"][0].attribution')
  await page.keyboard.press('ControlOrMeta+Enter')
  await expect(page.getByText('"Sam Altman"').first()).toBeVisible({ timeout: 15_000 })
})

test('an editor uploads an image and the lake serves it through its image CDN', async ({
  page,
}) => {
  await page.goto(`${studioUrl}/intent/create/template=picture;type=picture/`)
  const alt = page.locator('[data-testid="field-alt"] input')
  await alt.waitFor({ timeout: 45_000 })
  await alt.fill('A test card uploaded from the Studio')
  await page.waitForURL(/\/structure\/picture;/)
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEklEQVR4nGP4zxDAcOI/A4QCACk6Bi2ok0bDAAAAAElFTkSuQmCC',
    'base64',
  )
  // The Upload button wraps a hidden file input, which is what a file chooser fills.
  await page
    .locator('[data-testid="document-panel-scroller"] input[type="file"]')
    .first()
    .setInputFiles({ name: 'card.png', mimeType: 'image/png', buffer: png })
  const assetUrl = async () => {
    const url = new URL(`${lakeUrl}/v2025-02-19/data/query/production`)
    url.searchParams.set(
      'query',
      '*[_type == "picture" && alt == "A test card uploaded from the Studio"][0].image.asset->url',
    )
    url.searchParams.set('perspective', 'raw')
    const headers = { Authorization: `Bearer ${writeToken}` }
    return ((await (await fetch(url, { headers })).json()) as { result: string | null }).result
  }
  await expect
    .poll(assetUrl, { timeout: 20_000 })
    .toMatch(/\/images\/local\/production\/\w+-2x2\.png$/)
  const image = await fetch(`${(await assetUrl()) ?? ''}?w=1&fm=webp`)
  expect(image.status).toBe(200)
  expect(image.headers.get('content-type')).toBe('image/webp')
})

test('an editor writes an article from scratch with a tag, a quote and an image', async ({
  page,
}) => {
  test.setTimeout(150_000)
  const title = `Chips, Code and Sovereignty ${Date.now().toString(36)}`
  await page.goto(`${studioUrl}/intent/create/template=article;type=article/`)
  const titleInput = page.locator('[data-testid="field-title"] input')
  await titleInput.waitFor({ timeout: 45_000 })
  await titleInput.fill(title)
  await page.waitForURL(/\/structure\/article;/)
  await page.getByTestId('field-slug').getByRole('button', { name: 'Generate' }).click()
  await page
    .locator('[data-testid="field-subtitle"] input')
    .fill('Why the AI race is fought in fabs.')
  await page.locator('[data-testid="field-author"] input').fill('Cybermediateinment')

  await page.locator('[data-testid="field-body"] [contenteditable="true"]').click()
  await page.keyboard.type('Every model runs on a chip somebody was allowed to buy.')
  // References are picked by searching, as an editor does.
  const insert = async (
    member: 'quoteReference' | 'pictureReference',
    search: string,
    pick: RegExp,
  ) => {
    await page.getByTestId(`${member}-insert-menu-button`).locator('visible=true').first().click()
    await page.locator('[role="dialog"] input').last().fill(search)
    await page.getByRole('option', { name: pick }).click()
    await page.keyboard.press('Escape')
  }
  await insert('quoteReference', 'Altman', /^Personally/)
  await insert('pictureReference', 'Cyberpunk', /^Cyberpunk DeepSeek illustration/)

  await page
    .getByTestId('field-tags')
    .getByRole('button', { name: /add item/i })
    .click()
  await page.getByTestId('field-tags').locator('input').last().fill('Chips')
  // Tag options start with the tag's title; document list items also have the option role.
  await page.getByRole('option', { name: /^Chips Act/ }).click()

  const published = async () => {
    const url = new URL(`${lakeUrl}/v2025-02-19/data/query/production`)
    url.searchParams.set(
      'query',
      `*[_type == "article" && title == $title][0]{
        "tags": tags[]->title,
        "quote": body[_type == "quoteReference"][0]->attribution,
        "picture": body[_type == "pictureReference"][0]->alt
      }`,
    )
    url.searchParams.set('$title', JSON.stringify(title))
    return ((await (await fetch(url)).json()) as { result: unknown }).result
  }
  await publishUntil(page, () =>
    expect.poll(published, { timeout: 15_000 }).toEqual({
      tags: ['Chips Act'],
      quote: 'Sam Altman',
      picture: 'Cyberpunk DeepSeek illustration',
    }),
  )
})

test('an editor discards a draft and the published article stays as it was', async ({ page }) => {
  const id = 'article-europe-two-empires'
  await page.goto(`${studioUrl}/structure/article;${id}`)
  const dek = page.locator('[data-testid="field-subtitle"] input')
  await expect(dek).toHaveValue(/Regulation is not a strategy/, { timeout: 45_000 })
  await dek.fill('A dek nobody should ever read.')
  await expect.poll(() => lakeDocument(`drafts.${id}`, 'raw'), { timeout: 15_000 }).not.toBeNull()

  await page.getByTestId('action-menu-button').click()
  await page.getByRole('menuitem', { name: /^Discard changes/ }).click()
  await page
    .getByRole('button', { name: /discard/i })
    .last()
    .click()
  await expect.poll(() => lakeDocument(`drafts.${id}`, 'raw'), { timeout: 15_000 }).toBeNull()
  await expect(dek).toHaveValue(/Regulation is not a strategy/)
  expect((await lakeDocument(id))?.subtitle).toMatch(/^Regulation is not a strategy/)
})

test('an editor unpublishes an article and publishes it again', async ({ page }) => {
  test.setTimeout(180_000)
  const id = 'article-silicon-curtain'
  // Unpublish acts on the published version, so the editor looks at that one.
  await page.goto(`${studioUrl}/structure/article;${id}?perspective=published`)
  const unpublish = page.getByRole('button', { name: 'Unpublish' })
  await expect(unpublish).toBeEnabled({ timeout: 45_000 })
  await unpublish.click()
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /unpublish/i })
    .click()
  await expect.poll(() => lakeDocument(id), { timeout: 15_000 }).toBeNull()
  expect((await lakeDocument(`drafts.${id}`, 'raw'))?.title).toBe(
    'The Chips Act and the New Silicon Curtain',
  )

  await page.goto(`${studioUrl}/structure/article;${id}`)
  // On a loaded machine the Studio takes a while to validate the draft before it offers Publish.
  await expect(page.getByTestId('action-publish')).toBeEnabled({ timeout: 60_000 })
  await publishUntil(page, () =>
    expect.poll(() => lakeDocument(id), { timeout: 15_000 }).not.toBeNull(),
  )
})

test('an editor duplicates an article and deletes the copy', async ({ page }) => {
  const id = 'article-europe-two-empires'
  const copies = () =>
    lakeClient()
      .withConfig({ perspective: 'raw' })
      .fetch<string[]>('*[_type == "article" && title == $title && _id != $id]._id', {
        title: 'Europe Between Two AI Empires',
        id,
      })
  await page.goto(`${studioUrl}/structure/article;${id}`)
  await expect(page.locator('[data-testid="field-title"] input')).toHaveValue(
    'Europe Between Two AI Empires',
    { timeout: 45_000 },
  )
  await page.getByTestId('pane-footer').getByTestId('action-menu-button').click()
  await page.getByRole('menuitem', { name: /^Duplicate/ }).click()
  // The copy opens as a new draft of its own.
  await page.waitForURL((url) => !url.pathname.includes(id), { timeout: 15_000 })
  await expect.poll(copies, { timeout: 15_000 }).toEqual([expect.stringMatching(/^drafts\./)])

  await page.getByTestId('pane-footer').getByTestId('action-menu-button').click()
  await page.getByRole('menuitem', { name: /^Delete/ }).click()
  await page
    .getByRole('button', { name: /delete/i })
    .last()
    .click()
  await expect.poll(copies, { timeout: 15_000 }).toEqual([])
  expect((await lakeDocument(id))?.title).toBe('Europe Between Two AI Empires')
})

test('an editor cannot delete an image a published article uses', async ({ page }) => {
  const pictureId = 'picture-deepseek-illustration'
  await page.goto(`${studioUrl}/structure/picture;${pictureId}`)
  await expect(page.locator('[data-testid="field-alt"] input')).toHaveValue(
    /^Cyberpunk DeepSeek illustration/,
    { timeout: 45_000 },
  )
  await page.getByTestId('pane-footer').getByTestId('action-menu-button').click()
  await page.getByRole('menuitem', { name: /^Delete/ }).click()
  // The Studio's dialog finds the referring article and warns; the editor deletes anyway.
  await page.getByRole('button', { name: 'Delete anyway' }).click({ timeout: 20_000 })

  // The lake refuses as Sanity does, and the Studio says so in its own words.
  const toast = page.getByRole('alert').filter({ hasText: 'attempting to delete this document' })
  await expect(toast).toBeVisible({ timeout: 15_000 })
  await toast.getByText('Details').click()
  // The message names one referrer: the launch article, or an article an earlier spec wrote with
  // this image (its generated id may sort first).
  await expect(toast).toContainText(
    new RegExp(
      `Document "${pictureId}" cannot be deleted as there are references to it from "[^"]+"`,
    ),
  )
  expect(await lakeDocument(pictureId)).toMatchObject({ _id: pictureId })
  const heroImage = await lakeClient().fetch<string | null>('*[_id == $id][0].heroImage->_id', {
    id: articleId,
  })
  expect(heroImage).toBe(pictureId)
})

/**
 * Clicks Publish until `landed` sees the result in the lake. Sanity's publish action holds a click
 * while the draft is syncing or validating (the button turns disabled, "Waiting for tasks to finish
 * before publishing") and publishes when they finish — seconds on a loaded machine; a click that
 * lands while a new document's pane remounts is lost with the action's state. So this clicks only
 * while the button is enabled and gives the lake time to show the publish before clicking again.
 */
async function publishUntil(page: Page, landed: () => Promise<unknown>): Promise<void> {
  await expect(async () => {
    const publish = page.getByTestId('action-publish')
    if (await publish.isEnabled()) await publish.click({ timeout: 5_000 })
    await landed()
  }).toPass({ timeout: 60_000 })
}
