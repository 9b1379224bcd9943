import { createHash } from 'node:crypto'
import { createServer } from 'node:http'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { listenLocally } from '@repo/raw-http/listen-locally'

import { securityHeaders } from '../lib/security-headers'
import { hashInlineScriptsOf } from './inline-script-hashes'
import { readerPageRewrite, withoutFrameworkScripts } from './without-framework-scripts'

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`

// What a reader keeps: the page's HTML, its style, font and image preloads, data and React's own
// inline script that reveals a streamed part.
const head = [
  '<!DOCTYPE html><html lang="en"><head><meta charSet="utf-8"/>',
  '<link rel="preload" href="/_next/static/media/serif-normal.woff2" as="font" crossorigin="" type="font/woff2"/>',
  '<link rel="preload" as="image" imageSrcSet="/images/lead.png?w=320 320w" fetchPriority="high"/>',
  '<style data-precedence="next">body{color:#222}</style>',
]
const body = [
  '</head><body><main id="main"><h1>Europe Between Two AI Empires</h1>',
  '<script type="application/ld+json">{"@type":"NewsArticle"}</script>',
  '<a href="/tags/ai">AI</a></main>',
]
const reveal = '$RC("B:0","S:0")'
const kept = [...head, ...body, `<script>${reveal}</script>`, '</body></html>'].join('')

// What only Next's client runtime uses, as Next 16 (Turbopack) writes it.
const bootstrap =
  '(globalThis["TURBOPACK"] || (globalThis["TURBOPACK"] = [])).push({"otherChunks":["static/chunks/a.js"],"runtimeModuleIds":[38167]});'
const payloadStart = '(self.__next_f=self.__next_f||[]).push([0])'
const payload =
  'self.__next_f.push([1,"1:\\"$Sreact.fragment\\"\\n:HL[\\"/a.woff2\\"]\\u003c/p\\u003e"])'
const runtime = {
  head: [
    '<link rel="preload" as="script" fetchPriority="low" href="/_next/static/chunks/a.js"/>',
    '<link rel="modulepreload" href="/_next/static/chunks/b.js"/>',
    '<script src="/_next/static/chunks/b.js" async=""></script>',
    '<script src="/_next/static/chunks/polyfills.js" noModule=""></script>',
  ],
  body: [
    `<script id="_R_">${bootstrap}</script>`,
    '<script src="/_next/static/chunks/a.js" async=""></script>',
    `<script>${payloadStart}</script>`,
    `<script>${payload}</script>`,
    `<script>${payload}</script>`,
  ],
}
const page = [
  ...head,
  ...runtime.head,
  ...body,
  ...runtime.body,
  `<script>${reveal}</script>`,
  '</body></html>',
].join('')

describe('withoutFrameworkScripts', () => {
  it("should take out Next's script files, their preloads, its bootstrap and the RSC payload, and nothing else", () => {
    expect(withoutFrameworkScripts(page)).toBe(kept)
  })

  it('should leave a page without them as it is', () => {
    expect(withoutFrameworkScripts(kept)).toBe(kept)
  })
})

const policy =
  securityHeaders({ imageHost: 'http://127.0.0.1:3210', studioUrl: 'http://localhost:3333' }).find(
    ({ key }) => key === 'Content-Security-Policy',
  )?.value ?? ''

// What Next sends when a page calls notFound() as it renders on demand: no content, the runtime.
const errorShell = page.replace('<html lang="en">', '<html id="__next_error__">')

// server.ts's composition, in front of an answer written the way Next writes a page.
const server = createServer((request, response) => {
  hashInlineScriptsOf(request, response, readerPageRewrite(request))
  const url = new URL(request.url ?? '/', 'http://site')
  const status = Number(url.searchParams.get('status'))
  const html = url.pathname === '/shell' ? errorShell : page
  response.setHeader('content-security-policy', policy)
  response.setHeader('content-type', 'text/html; charset=utf-8')
  response.writeHead(status || 200)
  response.write(html.slice(0, 200))
  setTimeout(() => response.end(html.slice(200)), 10)
})
let origin = ''

beforeAll(async () => {
  origin = await listenLocally(server)
})
afterAll(() => {
  server.close()
})

const scriptSrc = (response: Response) =>
  (response.headers.get('content-security-policy') ?? '')
    .split('; ')
    .find((directive) => directive.startsWith('script-src'))

describe("server.ts's pages", () => {
  it('should reach a reader without the framework, with a CSP of only the scripts left', async () => {
    for (const status of [200, 404]) {
      for (const encoding of ['identity', 'gzip']) {
        const response = await fetch(`${origin}/?status=${status}`, {
          headers: { 'accept-encoding': encoding },
        })
        expect(response.status).toBe(status)
        expect(await response.text()).toBe(kept)
        expect(scriptSrc(response)).toBe(`script-src 'self' ${sha256(reveal)}`)
      }
    }
    const identity = await fetch(`${origin}/`, { headers: { 'accept-encoding': 'identity' } })
    expect(identity.headers.get('content-length')).toBe(String(Buffer.byteLength(kept)))
  })

  it('should keep the framework in draft mode, which the preview runs on', async () => {
    for (const cookie of ['__prerender_bypass=abc', 'theme=dark; __prerender_bypass=abc']) {
      const response = await fetch(`${origin}/`, { headers: { cookie } })
      expect(await response.text()).toBe(page)
      expect(scriptSrc(response)).toBe(
        `script-src 'self' ${[bootstrap, payloadStart, payload, reveal].map(sha256).join(' ')}`,
      )
    }
    const otherCookie = await fetch(`${origin}/`, { headers: { cookie: 'x__prerender_bypass=1' } })
    expect(await otherCookie.text()).toBe(kept)
  })

  it("should keep the framework in a 5xx answer and in Next's error shell, which it fills in", async () => {
    for (const status of [500, 503]) {
      const response = await fetch(`${origin}/?status=${status}`)
      expect(response.status).toBe(status)
      expect(await response.text()).toBe(page)
    }
    const notFound = await fetch(`${origin}/shell?status=404`)
    expect(notFound.status).toBe(404)
    expect(await notFound.text()).toBe(errorShell)
    expect(scriptSrc(notFound)).toContain(sha256(bootstrap))
  })
})
