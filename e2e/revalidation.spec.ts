import { expect, test } from '@playwright/test'
import { encodeSignatureHeader } from '@sanity/webhook'

import { e2eEnv } from './env.ts'
import { mutate as publish } from './lake-api.ts'

/**
 * Publishing reaches readers without a rebuild: the lake calls the site's revalidation route (a
 * signed GROQ-powered webhook) and the route expires exactly the pages that show the change.
 */
const { webUrl, revalidateSecret } = e2eEnv
const deepseek = {
  id: 'article-deepseek-soft-power',
  path: '/articles/open-source-or-soft-power-the-real-face-of-deepseek',
}

const html = async (path: string) => (await fetch(`${webUrl}${path}`)).text()
const headline = async (path: string) => /<h1>([^<]*)<\/h1>/.exec(await html(path))?.[1]

test('a title published in the lake is on the article, home, tag and similar pages within 2 s', async () => {
  const pages = [
    deepseek.path,
    '/',
    '/tags/deepseek',
    // Shares the "Chips Act" tag, so DeepSeek is among its similar posts.
    '/articles/the-chips-act-and-the-new-silicon-curtain',
  ]
  // Every page is cached before the change, so a fresh render proves the revalidation.
  for (const path of pages) expect(await html(path)).toContain('The Real Face of DeepSeek')

  const title = `DeepSeek, Open Source and Soft Power ${Date.now().toString(36)}`
  await publish([{ patch: { id: deepseek.id, set: { title } } }])
  try {
    for (const path of pages) {
      await expect.poll(() => html(path), { timeout: 2_000, intervals: [100] }).toContain(title)
    }
  } finally {
    await publish([
      {
        patch: {
          id: deepseek.id,
          set: { title: 'Open Source or Soft Power? The Real Face of DeepSeek' },
        },
      },
    ])
  }
})

test('the revalidation route refuses unsigned, mis-signed and stale calls', async () => {
  const payload = JSON.stringify({ _id: deepseek.id, _type: 'article', slug: 'x' })
  const post = (signature?: string) =>
    fetch(`${webUrl}/api/revalidate`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(signature ? { 'sanity-webhook-signature': signature } : {}),
      },
      body: payload,
    })
  expect((await post()).status).toBe(401)
  expect((await post('t=1,v1=nonsense')).status).toBe(401)
  const wrongSecret = await encodeSignatureHeader(payload, Date.now(), 'not-the-secret-at-all')
  expect((await post(wrongSecret)).status).toBe(401)
  const replayed = await encodeSignatureHeader(payload, Date.now() - 60 * 60_000, revalidateSecret)
  expect((await post(replayed)).status).toBe(401)

  const signed = await encodeSignatureHeader(payload, Date.now(), revalidateSecret)
  const accepted = await post(signed)
  expect(accepted.status).toBe(200)
  expect(await accepted.json()).toMatchObject({
    revalidated: expect.arrayContaining(['articles', 'article:x']) as unknown,
  })
})

test('a quote published in the lake is on the article quoting it within 2 s', async () => {
  expect(await html(deepseek.path)).toContain('CEO of OpenAI')
  const role = `Chief executive of OpenAI ${Date.now().toString(36)}`
  await publish([{ patch: { id: 'quote-altman-open-source', set: { role } } }])
  try {
    await expect
      .poll(() => html(deepseek.path), { timeout: 2_000, intervals: [100] })
      .toContain(role)
  } finally {
    await publish([{ patch: { id: 'quote-altman-open-source', set: { role: 'CEO of OpenAI' } } }])
  }
})

test('a page rendered from the old article while the publish’s webhook expires it is replaced within 10 s, not 60 s', async () => {
  test.setTimeout(60_000)
  const { lakeSwitchUrl } = e2eEnv
  const slug = 'open-source-or-soft-power-the-real-face-of-deepseek'
  const oldTitle = 'Open Source or Soft Power? The Real Face of DeepSeek'
  // A document the webhook is sent for that no page shows (see below).
  const fence = { _id: 'quote-e2e-webhook-fence', _type: 'quote', text: 'A fence.' }
  const lakeSwitch = async (command: string, init?: RequestInit) =>
    (await fetch(`${lakeSwitchUrl}/__lake/${command}`, init)).json() as Promise<{
      kept: number
      answered: string[]
    }>

  await expect.poll(() => headline(deepseek.path)).toBe(oldTitle)
  // The lake answers the site's query for this article (and only it) at once, but the switch
  // passes the answer on only when released: the render waits, holding the old article.
  await lakeSwitch(`hold?text=${encodeURIComponent(`$slug="${slug}"`)}`, { method: 'POST' })
  let reader: Promise<string | undefined> | undefined
  const title = `DeepSeek in Flight ${Date.now().toString(36)}`
  try {
    // The page's cache entry expires (a delivery as the lake sends it), so the next reader's
    // request renders the page.
    const payload = JSON.stringify({ _id: deepseek.id, _type: 'article', slug, previousSlug: slug })
    const expired = await fetch(`${webUrl}/api/revalidate`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'sanity-webhook-signature': await encodeSignatureHeader(
          payload,
          Date.now(),
          revalidateSecret,
        ),
      },
      body: payload,
    })
    expect(expired.status).toBe(200)
    reader = headline(deepseek.path)
    await expect
      .poll(async () => (await lakeSwitch('log')).kept, { timeout: 10_000 })
      .toBeGreaterThan(0)

    await publish([{ patch: { id: deepseek.id, set: { title } } }])
    // The lake delivers a webhook's calls one at a time in commit order, so once the route has
    // asked the lake about the fence, it has answered the publish's call: the tags have expired.
    await publish([{ createOrReplace: fence }])
    await expect
      .poll(
        async () =>
          (await lakeSwitch('log')).answered.some((url) => url.includes(`$id="${fence._id}"`)),
        { timeout: 10_000 },
      )
      .toBe(true)
    await lakeSwitch('release', { method: 'POST' })
    // The reader gets the page rendered from the old article, stored after that expiry.
    expect(await reader).toBe(oldTitle)

    // The route expires the tags a second time 2 s after the first; the page's own revalidate
    // would be 60 s later.
    await expect
      .poll(() => headline(deepseek.path), { timeout: 10_000, intervals: [250] })
      .toBe(title)
  } finally {
    await lakeSwitch('release', { method: 'POST' })
    await reader?.catch(() => undefined)
    await publish([
      { delete: { id: fence._id } },
      { patch: { id: deepseek.id, set: { title: oldTitle } } },
    ])
  }
})
