import type { Page } from '@playwright/test'
import { expect, test } from '@playwright/test'

import { failOnCspViolations } from './csp-violations.ts'
import { e2eEnv } from './env.ts'
import { lakeClient } from './lake-api.ts'
import { openStudioSignInLink } from './studio-sign-in.ts'

/**
 * Content Releases in the real Studio against the lake: an editor gathers changes to two articles
 * in a release, previews the release in Presentation, and schedules it; readers see both changes
 * together, after the scheduled time and not before.
 */
const { studioUrl, webUrl } = e2eEnv
const articles = [
  { id: 'article-europe-two-empires', path: '/articles/europe-between-two-ai-empires' },
  { id: 'article-silicon-curtain', path: '/articles/the-chips-act-and-the-new-silicon-curtain' },
] as const

// Creating the release, two edits, a preview, up to 90 s waiting on the clock (see
// `wholeMinuteAhead`) and the wait for the publish.
test.describe.configure({ timeout: 300_000 })

failOnCspViolations()

const lake = lakeClient()

/** The dek readers get (the public page, as a reader's browser fetches it). */
async function publicDek(path: string): Promise<string | undefined> {
  const html = await (await fetch(`${webUrl}${path}`)).text()
  return /<p class="dek">([^<]*)<\/p>/.exec(html)?.[1]?.replace(/&#x27;|&#39;/g, "'")
}

/** Calls to hosts other than this machine, failed requests and console errors of a page. */
function watchProblems(page: Page): string[] {
  const problems: string[] = []
  page.on('request', (request) => {
    const url = new URL(request.url())
    const offsite =
      /^(https?|wss?):$/.test(url.protocol) && !['localhost', '127.0.0.1'].includes(url.hostname)
    if (offsite) problems.push(`offsite request ${request.url()}`)
  })
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()} ${response.url()}`)
  })
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`)
  })
  return problems
}

/**
 * How far ahead of the scheduled time the schedule is confirmed (the "10 s ahead").
 * The Studio's date inputs take whole minutes only (the release date input drops seconds with
 * `startOfMinute`), so the test enters a whole minute at least 30 s away, leaving room to type
 * it, then waits on the clock until that minute is this far away before confirming: a bounded
 * wait of at most 90 s.
 */
const scheduleLeadMs = 10_000

function wholeMinuteAhead(): Date {
  return new Date(Math.ceil((Date.now() + 30_000) / 60_000) * 60_000)
}

async function waitUntilScheduleLead(page: Page, publishAt: Date): Promise<void> {
  await page.waitForTimeout(Math.max(0, publishAt.getTime() - scheduleLeadMs - Date.now()))
}

/**
 * Once the lake shows the schedule: it landed about 10 s ahead (a click and a commit after
 * `waitUntilScheduleLead`), leaving more than 5 s for the "not before" checks.
 */
function expectScheduledAboutTenSecondsAhead(publishAt: Date): void {
  const lead = publishAt.getTime() - Date.now()
  expect(lead).toBeGreaterThan(5_000)
  expect(lead).toBeLessThanOrEqual(scheduleLeadMs)
}

/** "Dec 3, 2026 13:16", the Studio's date input format (the browser runs in UTC). */
function studioDate(date: Date): string {
  return date
    .toLocaleString('en-US', {
      month: 'short',
      day: 'numeric',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
      timeZone: 'UTC',
    })
    .replace(/, (\d\d:)/, ' $1')
}

test('an editor releases changes to two articles together at a scheduled time', async ({
  page,
}) => {
  const problems = watchProblems(page)
  const originalDeks = await Promise.all(
    articles.map(({ id }) => lake.fetch<string>('*[_id == $id][0].subtitle', { id })),
  )
  const stamp = Date.now().toString(36)
  const releaseDeks = articles.map((_, index) => `Monday edition dek ${index + 1} ${stamp}`)
  try {
    await openStudioSignInLink(page)

    // A new release from the Releases tool.
    await page.goto(`${studioUrl}/releases`)
    await page.getByRole('button', { name: 'New release' }).first().click({ timeout: 45_000 })
    await page.getByTestId('release-form-title').fill(`Monday edition ${stamp}`)
    await page.getByTestId('submit-release-button').click()
    await expect(page).toHaveURL(/\/releases\/r[\w-]+/, { timeout: 15_000 })
    const releaseId = new URL(page.url()).pathname.split('/').pop() ?? ''
    const release = () =>
      lake.getDocument<{ state: string; metadata: { intendedPublishAt?: string } }>(
        `_.releases.${releaseId}`,
      )
    await expect.poll(() => release().then((doc) => doc?.state)).toBe('active')

    // Each article gets a change in the release: "Add to release", then an edit.
    for (const [index, { id }] of articles.entries()) {
      await page.goto(`${studioUrl}/structure/article;${id}?perspective=${releaseId}`)
      await page.getByRole('button', { name: 'Add to release' }).click({ timeout: 45_000 })
      const dek = page.locator('[data-testid="field-subtitle"] input')
      await expect(dek).toBeEditable({ timeout: 15_000 })
      await dek.fill(releaseDeks[index] ?? '')
      await expect
        .poll(
          () =>
            lake.fetch<string | null>(
              '*[_id == $id][0].subtitle',
              { id: `versions.${releaseId}.${id}` },
              { perspective: 'raw' },
            ),
          { timeout: 15_000 },
        )
        .toBe(releaseDeks[index])
    }

    // Presentation previews the release: the framed site shows the release's dek.
    const first = articles[0]
    await page.goto(
      `${studioUrl}/presentation?perspective=${releaseId}&preview=${encodeURIComponent(first.path)}`,
    )
    await expect(page.frameLocator('iframe').locator('.dek')).toContainText(releaseDeks[0] ?? '', {
      timeout: 45_000,
    })

    // Scheduled from the release's page: "At time", a whole minute, confirmed about 10 s before it.
    await page.goto(`${studioUrl}/releases/${releaseId}`)
    await page.getByText('As soon as possible').first().click({ timeout: 45_000 })
    await page.getByRole('tab', { name: 'At time' }).click()
    const publishAt = wholeMinuteAhead()
    const dateInput = page.getByTestId('date-input')
    await dateInput.fill(studioDate(publishAt))
    await dateInput.press('Enter')
    await page.mouse.click(700, 600)
    await expect
      .poll(() => release().then((doc) => doc?.metadata.intendedPublishAt))
      .toBe(publishAt.toISOString())
    await waitUntilScheduleLead(page, publishAt)
    await page.getByRole('button', { name: /Schedule release/ }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Yes, schedule' }).click()
    await expect
      .poll(release, { timeout: 5_000, intervals: [100] })
      .toMatchObject({ state: 'scheduled', publishAt: publishAt.toISOString() })
    expectScheduledAboutTenSecondsAhead(publishAt)

    // Not before: readers keep the published deks until the time.
    for (const [index, { path }] of articles.entries()) {
      expect(await publicDek(path)).toBe(originalDeks[index])
    }
    await page.waitForTimeout(Math.max(0, publishAt.getTime() - Date.now() - 3_000))
    for (const [index, { path }] of articles.entries()) {
      expect(await publicDek(path)).toBe(originalDeks[index])
    }
    // Those answers were complete before the time (a page rendered across it would prove nothing).
    expect(Date.now()).toBeLessThan(publishAt.getTime())

    // After: both change, within a few seconds of the time (the lake publishes, the site's
    // webhook revalidates both pages).
    for (const [index, { path }] of articles.entries()) {
      await expect
        .poll(() => publicDek(path), { timeout: 6_000, intervals: [200] })
        .toBe(releaseDeks[index])
    }
    expect(Date.now()).toBeGreaterThanOrEqual(publishAt.getTime())
    expect(await release()).toMatchObject({ state: 'published' })
    expect(problems).toEqual([])
  } finally {
    const restore = lake.transaction()
    for (const [index, { id }] of articles.entries()) {
      restore.patch(id, (patch) => patch.set({ subtitle: originalDeks[index] }))
    }
    await restore.commit()
  }
})

test('an editor schedules a draft (Scheduled Drafts) and readers get it at that time', async ({
  page,
}) => {
  const problems = watchProblems(page)
  const { id, path } = articles[1]
  const originalDek = await lake.fetch<string>('*[_id == $id][0].subtitle', { id })
  const draftDek = `Scheduled draft dek ${Date.now().toString(36)}`
  try {
    await openStudioSignInLink(page)
    await page.goto(`${studioUrl}/structure/article;${id}`)
    const dek = page.locator('[data-testid="field-subtitle"] input')
    await expect(dek).toBeEditable({ timeout: 45_000 })
    await dek.fill(draftDek)
    await expect
      .poll(
        () =>
          lake.fetch('*[_id == $id][0].subtitle', { id: `drafts.${id}` }, { perspective: 'raw' }),
        { timeout: 15_000 },
      )
      .toBe(draftDek)

    // "Schedule publish" in the document's menu, for a whole minute, confirmed about 10 s before.
    await page.getByTestId('pane-footer').getByTestId('action-menu-button').click()
    await page.getByRole('menuitem', { name: 'Schedule publish' }).click()
    const dialog = page.getByRole('dialog')
    const publishAt = wholeMinuteAhead()
    await dialog.getByTestId('date-input').fill(studioDate(publishAt))
    await dialog.getByTestId('date-input').press('Enter')
    await waitUntilScheduleLead(page, publishAt)
    await dialog.getByTestId('confirm-button').click()
    await expect
      .poll(
        () =>
          lake.fetch<{ state: string; cardinality: string } | null>(
            `*[_type == "system.release" && publishAt == $at][0]{state, "cardinality": metadata.cardinality}`,
            { at: publishAt.toISOString() },
            { perspective: 'raw' },
          ),
        { timeout: 5_000, intervals: [100] },
      )
      .toEqual({ state: 'scheduled', cardinality: 'one' })
    expectScheduledAboutTenSecondsAhead(publishAt)

    expect(await publicDek(path)).toBe(originalDek)
    await page.waitForTimeout(Math.max(0, publishAt.getTime() - Date.now() - 3_000))
    expect(await publicDek(path)).toBe(originalDek)
    expect(Date.now()).toBeLessThan(publishAt.getTime())
    await expect.poll(() => publicDek(path), { timeout: 6_000, intervals: [200] }).toBe(draftDek)
    expect(Date.now()).toBeGreaterThanOrEqual(publishAt.getTime())
    expect(problems).toEqual([])
  } finally {
    await lake
      .transaction()
      .patch(id, (patch) => patch.set({ subtitle: originalDek }))
      .delete(`drafts.${id}`)
      .commit()
  }
})
