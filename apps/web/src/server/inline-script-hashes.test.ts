import { createHash } from 'node:crypto'
import { createServer } from 'node:http'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { listenLocally } from '@repo/raw-http/listen-locally'

import { securityHeaders } from '../lib/security-headers'
import { hashInlineScriptsOf, inlineScriptHashes, withScriptHashes } from './inline-script-hashes'

const policy =
  securityHeaders({ imageHost: 'http://127.0.0.1:3210', studioUrl: 'http://localhost:3333' }).find(
    ({ key }) => key === 'Content-Security-Policy',
  )?.value ?? ''
const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`

const bootstrap = '(self.__next_f=self.__next_f||[]).push([0])'
const payload = 'self.__next_f.push([1,"1:\\"$Sreact.fragment\\"\\n"])'
const page = [
  '<!DOCTYPE html><html><head><meta charset="utf-8"/>',
  '<script src="/_next/static/chunks/main.js" async=""></script>',
  `<script id="_R_">${bootstrap}</script>`,
  '<script type="application/ld+json">{"@type":"NewsArticle"}</script>',
  '</head><body><p>Ünïcode – text</p>',
  `<script>${payload}</script>`,
  `<script>${payload}</script>`,
  '</body></html>',
  'x'.repeat(2000),
].join('')

const feedXml = `<rss>${'<item/>'.repeat(500)}</rss>`

// Answers the way Next does: CSP from next.config, then the HTML in pieces (pipeToNodeResponse).
const server = createServer((request, response) => {
  hashInlineScriptsOf(request, response)
  response.setHeader('content-security-policy', policy)
  response.setHeader('x-accept-encoding-seen', request.headers['accept-encoding'] ?? 'none')
  if (request.url === '/feed.xml') {
    response.setHeader('content-type', 'application/rss+xml')
    response.end(feedXml)
    return
  }
  if (request.url === '/events') {
    response.setHeader('content-type', 'text/event-stream')
    response.write('event: welcome\n\n')
    setTimeout(() => response.end(), 5_000).unref()
    return
  }
  if (request.url === '/unchanged') {
    // As Next's gzip ends it: the head first, then the end.
    response.writeHead(304)
    response.end()
    return
  }
  response.setHeader('content-type', 'text/html; charset=utf-8')
  // Next's gzip writes the head before the first write, even when it does not compress.
  response.writeHead(200, { 'x-written-with-head': 'yes' })
  response.flushHeaders()
  const middle = page.indexOf('<body>')
  response.write(page.slice(0, middle))
  setTimeout(() => response.end(Buffer.from(page.slice(middle))), 10)
})
let origin = ''

beforeAll(async () => {
  origin = await listenLocally(server)
})
afterAll(() => {
  server.close()
})

const scriptSrc = (csp: string | null) =>
  (csp ?? '').split('; ').find((directive) => directive.startsWith('script-src'))

describe('inlineScriptHashes', () => {
  it('should hash each inline script the browser runs, once, and no file or data block', () => {
    expect(inlineScriptHashes(page)).toEqual([sha256(bootstrap), sha256(payload)])
  })
})

describe('withScriptHashes', () => {
  it("should replace 'unsafe-inline' in script-src only", () => {
    const hashed = withScriptHashes(policy, ["'sha256-a'"])
    expect(scriptSrc(hashed)).toBe("script-src 'self' 'sha256-a'")
    expect(hashed).toContain("style-src 'self' 'unsafe-inline'")
  })
})

describe('hashInlineScriptsOf', () => {
  it("should send a document's CSP with its inline scripts' hashes instead of 'unsafe-inline'", async () => {
    const response = await fetch(`${origin}/`, {
      headers: { accept: 'text/html', 'accept-encoding': 'identity' },
    })
    expect(await response.text()).toBe(page)
    expect(response.headers.get('x-written-with-head')).toBe('yes')
    expect(scriptSrc(response.headers.get('content-security-policy'))).toBe(
      `script-src 'self' ${sha256(bootstrap)} ${sha256(payload)}`,
    )
  })

  it('should gzip the page itself when the browser accepts it', async () => {
    const response = await fetch(`${origin}/`, {
      headers: { accept: 'text/html', 'accept-encoding': 'gzip' },
    })
    expect(response.headers.get('content-encoding')).toBe('gzip')
    expect(response.headers.get('vary')).toContain('Accept-Encoding')
    // fetch decompresses.
    expect(await response.text()).toBe(page)
    expect(scriptSrc(response.headers.get('content-security-policy'))).toContain(sha256(payload))
  })

  it('should hash for any client, since a caching proxy serves the first answer to everyone', async () => {
    const response = await fetch(`${origin}/`, { headers: { accept: '*/*' } })
    expect(scriptSrc(response.headers.get('content-security-policy'))).toContain(sha256(payload))
  })

  it("should leave RSC payloads and Next's static files to Next", async () => {
    for (const [path, headers] of [
      ['/', { rsc: '1', 'accept-encoding': 'gzip' }],
      ['/_next/static/chunks/page.js', { 'accept-encoding': 'gzip' }],
    ] as const) {
      const response = await fetch(`${origin}${path}`, { headers })
      expect(response.headers.get('x-accept-encoding-seen')).toBe('gzip')
      expect(scriptSrc(response.headers.get('content-security-policy'))).toBe(
        "script-src 'self' 'unsafe-inline'",
      )
    }
  })

  it('should gzip other text it holds back, such as the feed, and pass images and streams on', async () => {
    const feed = await fetch(`${origin}/feed.xml`, { headers: { 'accept-encoding': 'gzip' } })
    expect(feed.headers.get('content-encoding')).toBe('gzip')
    expect(await feed.text()).toBe(feedXml)
    // The stream's first event arrives long before the stream ends.
    const events = await fetch(`${origin}/events`, { headers: { 'accept-encoding': 'gzip' } })
    const reader = events.body?.getReader()
    const first = await reader?.read()
    expect(new TextDecoder().decode(first?.value)).toBe('event: welcome\n\n')
    await reader?.cancel()
  })

  it('should send no CSP with a 304, so the browser keeps the one it has for the page', async () => {
    const response = await fetch(`${origin}/unchanged`, { headers: { accept: 'text/html' } })
    expect(response.status).toBe(304)
    expect(response.headers.get('content-security-policy')).toBeNull()
  })
})
