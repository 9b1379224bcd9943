import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

import { expect, test } from '@playwright/test'
import { rawRequest } from '@repo/raw-http/raw-request'
import type { RawAnswer } from '@repo/raw-http/raw-request'

import { e2eEnv } from './env.ts'

/**
 * The Studio's port serves the built Studio and nothing else: none of the repository's or the
 * lake's files, whatever the path looks like, and every answer carries the security headers.
 */
const { studioUrl, lakeDataDir, writeToken, readToken } = e2eEnv
const repo = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '')
const prerenderManifest = `${repo}/apps/web/.next/prerender-manifest.json`

/** A request with its path exactly as written (fetch and Playwright would resolve `..` first). */
function get(path: string, options: { method?: string; host?: string } = {}) {
  return rawRequest(studioUrl, path, options.host ? { host: options.host } : {}, options.method)
}

function expectSecurityHeaders({ headers }: RawAnswer) {
  const policy = String(headers['content-security-policy'])
  expect(policy).toContain("frame-ancestors 'self'")
  expect(policy).toContain("object-src 'none'")
  expect(policy).toMatch(/script-src 'self'( 'sha256-[^' ]+')*;/)
  expect(headers['x-content-type-options']).toBe('nosniff')
  expect(headers['referrer-policy']).toBe('same-origin')
}

test('the Studio port refuses the lake’s and the site’s files however the path is spelled', async () => {
  const previewModeId = (
    JSON.parse(readFileSync(prerenderManifest, 'utf8')) as { preview: { previewModeId: string } }
  ).preview.previewModeId
  const attempts = [
    `/@fs${lakeDataDir}/tokens.json`,
    `/@fs${lakeDataDir}/lake.db-wal`,
    `/@fs${prerenderManifest}`,
    `/@fs${repo}/.data/lake/tokens.json`,
    '/../../../.data/lake/tokens.json',
    '/static/../../../apps/web/.next/prerender-manifest.json',
    '/%2e%2e/%2e%2e/%2e%2e/.data/lake/tokens.json',
    '/static%2f..%2f..%2f..%2fapps%2fweb%2f.next%2fprerender-manifest.json',
    '/%252e%252e/%252e%252e/.data/lake/tokens.json',
    '/static\\..\\..\\..\\.data\\lake\\tokens.json',
    '/.data/lake/tokens.json',
    '/.env',
  ]
  for (const path of attempts) {
    const answer = await get(path)
    expect(answer.status, path).toBe(404)
    for (const secret of [writeToken, readToken, previewModeId]) {
      expect(answer.body, path).not.toContain(secret)
    }
    expectSecurityHeaders(answer)
  }
})

test('the Studio port sends its security headers, answers its own host names and GET only', async () => {
  const page = await get('/structure/article')
  expect(page.status).toBe(200)
  expect(page.body).toContain('<div id="sanity">')
  expectSecurityHeaders(page)

  const otherHost = await get('/', { host: 'rebound.example' })
  expect(otherHost.status).toBe(403)
  expectSecurityHeaders(otherHost)

  const post = await get('/', { method: 'POST' })
  expect(post.status).toBe(405)
  expectSecurityHeaders(post)
})
