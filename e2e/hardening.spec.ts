import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

import { expect, test } from '@playwright/test'
import { encodeSignatureHeader } from '@sanity/webhook'
import { rawRequest } from '@repo/raw-http/raw-request'
import { streamedRequest } from '@repo/raw-http/streamed-request'

import { e2eEnv } from './env.ts'
import { mutate } from './lake-api.ts'
import { processListeningOn, residentBytes } from './server-process.ts'

/** What the site promises under hostile content, curious visitors and load. */
const { lakeSwitchUrl, webUrl, studioUrl, writeToken, readToken, revalidateSecret } = e2eEnv
const secrets = { writeToken, readToken, revalidateSecret }
const webBuild = fileURLToPath(new URL('../apps/web/.next/', import.meta.url))

test.describe.configure({ timeout: 120_000 })

function* filesUnder(directory: string): Generator<string> {
  for (const name of readdirSync(directory)) {
    const path = join(directory, name)
    if (statSync(path).isDirectory()) yield* filesUnder(path)
    else yield path
  }
}

test('every page sends the security headers, and only the Studio may frame it', async ({
  request,
}) => {
  for (const path of [
    '/',
    '/articles/open-source-or-soft-power-the-real-face-of-deepseek',
    '/feed.xml',
  ]) {
    const headers = (await request.get(path)).headers()
    expect(headers['x-content-type-options']).toBe('nosniff')
    expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin')
    const directives = (headers['content-security-policy'] ?? '').split('; ')
    expect(directives).toContainEqual(`frame-ancestors 'self' ${new URL(studioUrl).origin}`)
    expect(directives).toContainEqual("object-src 'none'")
    // Pages: script files from the site and the page's own inline scripts, by hash (a reader's
    // page keeps none of Next's); the feed has none, and keeps the policy Next sends.
    const scriptSrc = directives.find((directive) => directive.startsWith('script-src'))
    if (path === '/feed.xml') expect(scriptSrc).toBe("script-src 'self' 'unsafe-inline'")
    else expect(scriptSrc).toMatch(/^script-src 'self'( 'sha256-[\w+/]+=*')*$/)
  }
})

test("a reader's page runs no script, its own inline ones only, with no CSP error", async ({
  page,
}) => {
  const violations: string[] = []
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) violations.push(message.text())
  })
  for (const path of ['/', '/articles/open-source-or-soft-power-the-real-face-of-deepseek']) {
    const response = await page.goto(path)
    const policy = response?.headers()['content-security-policy'] ?? ''
    // The page's own inline scripts by hash (readers' pages keep none of Next's), never any other.
    expect(policy.split('; ')).toContainEqual(
      expect.stringMatching(/^script-src 'self'( 'sha256-[\w+/]+=*')*$/),
    )
    await page.waitForLoadState('networkidle')
    // Sent without Next's client runtime (src/server/without-framework-scripts.ts).
    expect(await page.evaluate(() => 'next' in window), path).toBe(false)
  }
  expect(violations).toEqual([])

  // An inline script that is not the page's own is refused.
  await page.evaluate(() => {
    const script = document.createElement('script')
    script.textContent = 'window.__injected = true'
    document.body.append(script)
  })
  expect(await page.evaluate(() => (window as { __injected?: boolean }).__injected)).toBeUndefined()
  await expect.poll(() => violations.length).toBe(1)
})

test('request bodies: 20 unsigned 50 MB chunked webhook calls leave the site flat, an oversize signed one is cut off', async ({
  request,
}) => {
  const MB = 1024 * 1024
  const site = processListeningOn(Number(new URL(webUrl).port))
  // Warm up first, so what the server loads on its first requests does not count as growth.
  expect((await request.get('/')).status()).toBe(200)
  await streamedRequest(`${webUrl}/api/revalidate`, { bodyBytes: MB })
  const before = residentBytes(site)
  for (let call = 0; call < 20; call += 1) {
    const headers = call % 2 ? { 'sanity-webhook-signature': 'bogus' } : {}
    const unsigned = await streamedRequest(`${webUrl}/api/revalidate`, {
      headers,
      bodyBytes: 50 * MB,
    })
    expect(unsigned.status).toBe(401)
    expect(unsigned.written).toBeLessThan(10 * MB)
  }
  expect(residentBytes(site) - before).toBeLessThan(20 * MB)

  // Well formed and fresh, so the body is read, counted, and refused once past 64 KiB.
  const signature = await encodeSignatureHeader('{}', Date.now(), 'not-the-secret-at-all')
  const oversize = await streamedRequest(`${webUrl}/api/revalidate`, {
    headers: { 'sanity-webhook-signature': signature },
    bodyBytes: 50 * MB,
  })
  expect(oversize.status).toBe(413)
  expect(oversize.written).toBeLessThan(10 * MB)
  // The site still answers, and a page takes no body at all.
  const pageWithBody = await streamedRequest(`${webUrl}/`, { bodyBytes: 50 * MB })
  expect(pageWithBody.status).toBe(413)
  expect(pageWithBody.written).toBeLessThan(10 * MB)
  expect((await request.get('/')).status()).toBe(200)
})

test('a Host the site does not serve is refused before any work', async () => {
  const answer = await rawRequest(webUrl, '/', { host: 'evil.example' })
  expect(answer.status).toBe(421)
})

test('no token or secret is in any client asset, page, RSC payload or prerendered file', async ({
  page,
}) => {
  const seen: string[] = []
  page.on('response', async (response) => {
    if (!response.url().startsWith(webUrl)) return
    const body = await response.body().catch(() => Buffer.alloc(0))
    seen.push(`${response.url()}\n${body.toString('utf8')}`)
  })
  for (const path of [
    '/',
    '/articles/open-source-or-soft-power-the-real-face-of-deepseek',
    '/tags',
    '/tags/deepseek',
    '/search?q=sputnik',
    '/feed.xml',
    '/sitemap.xml',
    '/llms.txt',
    '/articles/open-source-or-soft-power-the-real-face-of-deepseek.md',
  ]) {
    await page.goto(path)
  }
  // Client-side navigation fetches RSC payloads too.
  await page.goto('/')
  await page.getByRole('link', { name: 'Tags', exact: true }).click()
  await page.waitForURL(/\/tags$/)
  expect(seen.length).toBeGreaterThan(10)

  const onDisk = [
    ...filesUnder(join(webBuild, 'static')),
    ...[...filesUnder(join(webBuild, 'server/app'))].filter((file) =>
      /\.(html|rsc|body|meta|json)$/.test(file),
    ),
  ].map((file) => `${file}\n${readFileSync(file, 'utf8')}`)
  expect(onDisk.length).toBeGreaterThan(10)

  for (const [name, value] of Object.entries(secrets)) {
    expect(value.length, name).toBeGreaterThan(8)
    const leaks = [...seen, ...onDisk].filter((text) => text.includes(value))
    expect(
      leaks.map((text) => text.split('\n')[0]),
      name,
    ).toEqual([])
  }
})

test('hostile content renders as text, never runs, and nothing fails', async ({ page }) => {
  const xss = '<script>window.__pwned = true</script><img src=x onerror="window.__pwned=true">'
  const longWord = 'A'.repeat(10_000)
  const link = (key: string, href: string) => ({ _type: 'link', _key: key, href })
  await mutate([
    {
      createOrReplace: {
        _id: 'tag-hostile',
        _type: 'tag',
        title: `Tag ${xss}`,
        slug: { current: 'hostile-tag' },
      },
    },
    {
      createOrReplace: {
        _id: 'article-hostile',
        _type: 'article',
        title: `Hostile ${xss}`,
        slug: { _type: 'slug', current: 'hostile' },
        subtitle: xss,
        excerpt: xss,
        author: xss,
        seoTitle: `</title>${xss}`,
        publishedAt: '2020-01-01T00:00:00Z',
        // Dangling references are weak, as Sanity (and the lake) refuse strong ones to a missing
        // document: in a real dataset they are weak references whose target was deleted.
        heroImage: { _type: 'reference', _ref: 'picture-that-does-not-exist', _weak: true },
        tags: [
          { _type: 'reference', _ref: 'tag-hostile', _key: 't1' },
          { _type: 'reference', _ref: 'tag-that-does-not-exist', _key: 't2', _weak: true },
          // An article where a tag belongs: a reference cycle back to itself.
          { _type: 'reference', _ref: 'article-hostile', _key: 't3' },
        ],
        body: [
          {
            _type: 'block',
            _key: 'b1',
            style: 'normal',
            markDefs: [
              link('l1', 'javascript:window.__pwned=true'),
              link('l2', 'data:text/html,<script>alert(1)</script>'),
              link('l3', 'https://example.org/fine'),
            ],
            children: [
              { _type: 'span', _key: 's1', text: 'script link', marks: ['l1'] },
              { _type: 'span', _key: 's2', text: ' data link', marks: ['l2'] },
              { _type: 'span', _key: 's3', text: ' good link ', marks: ['l3'] },
              { _type: 'span', _key: 's4', text: `${xss} ${longWord}`, marks: [] },
            ],
          },
          { _type: 'quoteReference', _key: 'q1', _ref: 'quote-that-does-not-exist', _weak: true },
          {
            _type: 'pictureReference',
            _key: 'p1',
            _ref: 'picture-that-does-not-exist',
            _weak: true,
          },
          { _type: 'mysteryType', _key: 'm1', payload: xss },
        ],
      },
    },
    {
      createOrReplace: {
        _id: 'article-empty',
        _type: 'article',
        title: 'Nothing but a title',
        slug: { _type: 'slug', current: 'nothing-but-a-title' },
      },
    },
  ])
  const dialogs: string[] = []
  page.on('dialog', async (dialog) => {
    dialogs.push(dialog.message())
    await dialog.dismiss()
  })
  try {
    for (const path of [
      '/articles/hostile',
      '/articles/nothing-but-a-title',
      '/',
      '/tags/hostile-tag',
      '/tags',
      '/search?q=hostile',
      '/feed.xml',
      '/sitemap.xml',
      '/llms.txt',
      '/articles/hostile.md',
    ]) {
      await expect
        .poll(async () => (await page.goto(path))?.status(), { message: path, timeout: 10_000 })
        .toBe(200)
      expect(await page.evaluate(() => (window as { __pwned?: boolean }).__pwned)).toBeUndefined()
    }
    await page.goto('/articles/hostile')
    await expect(page.getByRole('heading', { level: 1 })).toContainText('<script>')
    const hrefs = await page
      .locator('a[href]')
      .evaluateAll((links) => links.map((anchor) => anchor.getAttribute('href') ?? ''))
    expect(hrefs.filter((href) => /^(javascript|data):/i.test(href.trim()))).toEqual([])
    expect(hrefs).toContain('https://example.org/fine')
    await expect(page.getByText('script link')).toBeVisible()
    expect(await page.locator('img[src="x"]').count()).toBe(0)
    // The 10,000-character word wraps instead of widening the page.
    await page.setViewportSize({ width: 375, height: 800 })
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
    expect(dialogs).toEqual([])
  } finally {
    await mutate([
      { delete: { id: 'article-hostile' } },
      { delete: { id: 'article-empty' } },
      { delete: { id: 'tag-hostile' } },
    ])
  }
})

test('50 readers for 30 s while 20 publishes happen: no errors, and the last version wins', async () => {
  const paths = [
    '/articles/open-source-or-soft-power-the-real-face-of-deepseek',
    '/',
    '/tags/deepseek',
  ]
  const deadline = Date.now() + 30_000
  const failures: string[] = []
  let requests = 0
  const reader = async (index: number) => {
    while (Date.now() < deadline) {
      const path = paths[(index + requests) % paths.length] ?? '/'
      requests += 1
      try {
        const response = await fetch(`${webUrl}${path}`)
        await response.arrayBuffer()
        if (response.status !== 200) failures.push(`${response.status} ${path}`)
      } catch (error) {
        failures.push(`${String(error)} ${path}`)
      }
    }
  }
  const publisher = async () => {
    let last = ''
    for (let round = 1; round <= 20; round += 1) {
      last = `Load round ${round}: Open Source or Soft Power?`
      await mutate([{ patch: { id: 'article-deepseek-soft-power', set: { subtitle: last } } }])
      await new Promise((resolve) => setTimeout(resolve, 1_200))
    }
    return last
  }
  const [last] = await Promise.all([
    publisher(),
    ...Array.from({ length: 50 }, (_, index) => reader(index)),
  ])
  try {
    expect(failures.slice(0, 10)).toEqual([])
    expect(requests).toBeGreaterThan(500)
    for (const path of paths) {
      await expect
        .poll(async () => (await fetch(`${webUrl}${path}`)).text(), { timeout: 5_000 })
        .toContain(last)
    }
  } finally {
    await mutate([
      {
        patch: {
          id: 'article-deepseek-soft-power',
          set: { subtitle: 'When Beijing’s “open” AI becomes a geopolitical weapon.' },
        },
      },
    ])
  }
})

test('with the lake out of reach, cached pages are still served and the rest answer a friendly 503', async ({
  page,
}) => {
  const lake = (state: 'on' | 'off') =>
    fetch(`${lakeSwitchUrl}/__lake/${state}`, { method: 'POST' })
  const cachedPath = '/articles/open-source-or-soft-power-the-real-face-of-deepseek'
  const unseenPath = '/articles/written-while-the-lake-was-up'
  await mutate([
    {
      createOrReplace: {
        _id: 'article-unseen',
        _type: 'article',
        title: 'Written while the lake was up',
        slug: { _type: 'slug', current: 'written-while-the-lake-was-up' },
        publishedAt: '2019-01-01T00:00:00Z',
      },
    },
  ])
  // Pages readers have asked for since the last publish are in the site's cache.
  for (const path of [cachedPath, '/', '/tags/deepseek']) {
    await expect.poll(async () => (await page.goto(path))?.status()).toBe(200)
  }
  await lake('off')
  try {
    for (const path of [cachedPath, '/', '/tags/deepseek']) {
      expect((await page.goto(path))?.status(), path).toBe(200)
    }
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('DeepSeek')
    // A page never rendered before cannot be made up: "come back soon", not a crash.
    const unseen = await page.goto(unseenPath)
    expect(unseen?.status()).toBe(503)
    expect(unseen?.headers()['retry-after']).toBe('30')
    await expect(
      page.getByRole('heading', { name: 'This page can’t be shown right now' }),
    ).toBeVisible()
    await expect(page.getByRole('link', { name: 'go to the front page' })).toBeVisible()
  } finally {
    await lake('on')
  }
  // Back online: the missing page renders and publishing reaches readers again.
  await expect
    .poll(async () => (await page.goto(unseenPath))?.status(), { timeout: 15_000 })
    .toBe(200)
  await mutate([{ delete: { id: 'article-unseen' } }])
  await expect
    .poll(async () => (await page.goto(unseenPath))?.status(), { timeout: 5_000 })
    .toBe(404)
})
