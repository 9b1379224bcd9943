import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

import type { Page } from '@playwright/test'
import { expect } from '@playwright/test'

import { e2eEnv } from './env.ts'

/**
 * What the person who started the lake does once per browser: open the "Studio sign-in" link it
 * printed (its secret is in the lake's data directory). The lake gives the browser its cookie and
 * sends it on to the Studio, which from then on signs in without a prompt.
 */
export async function openStudioSignInLink(page: Page): Promise<void> {
  const secret = await readFile(join(e2eEnv.lakeDataDir, 'login-secret'), 'utf8')
  const link = new URL('/auth/sign-in', e2eEnv.studioLakeUrl)
  link.searchParams.set('secret', secret.trim())
  // Only the lake's answer matters: the Studio it leads to is loaded by the test itself, and is
  // stopped here so it does not keep loading in a tab the test may never use.
  await page.goto(link.href, { waitUntil: 'commit' })
  expect(page.url().startsWith(e2eEnv.studioUrl)).toBe(true)
  await page.goto('about:blank')
}
