import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import type { Server } from 'node:http'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { rawRequest } from '@repo/raw-http/raw-request'
import type { RawAnswer } from '@repo/raw-http/raw-request'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { readBuildFiles } from './build-files.ts'
import { inlineScriptHashes, securityHeaders } from './security-headers.ts'
import { startStudioServer } from './studio-app.ts'

const secret = 'lake-write-token-must-not-leak'
const indexHtml =
  '<!DOCTYPE html><html><head><script>window.__handler = 1</script>' +
  '<script type="application/json" id="bindings">[]</script></head>' +
  '<body><div id="sanity"></div><script src="/static/sanity-Ab_d-F12.js" type="module"></script></body></html>'

let root: string
let server: Server
let port: number
let headers: Record<string, string>

/** One request as written, over a fresh socket: `path` reaches the server byte for byte. */
function send(
  path: string,
  options: { method?: string; host?: string; headers?: Record<string, string | number> } = {},
) {
  const headers = { host: options.host ?? `localhost:${port}`, ...options.headers }
  return rawRequest(`http://127.0.0.1:${port}`, path, headers, options.method)
}

/** The status line answering a request written by hand (one the HTTP client will not write). */
function sendRaw(head: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(head)
    })
    let answer = ''
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString()
    })
    socket.on('end', () => {
      resolve(answer.split('\r\n')[0] ?? '')
    })
    socket.on('error', reject)
  })
}

beforeAll(async () => {
  // A repository in miniature: secrets beside the build output, and a symlink out of it.
  root = mkdtempSync(join(tmpdir(), 'studio-server-'))
  mkdirSync(join(root, '.data/lake'), { recursive: true })
  writeFileSync(join(root, '.data/lake/tokens.json'), JSON.stringify({ write: secret }))
  writeFileSync(join(root, '.env'), `SECRET=${secret}`)
  const dist = join(root, 'apps/studio/dist')
  mkdirSync(join(dist, 'static'), { recursive: true })
  writeFileSync(join(dist, 'index.html'), indexHtml)
  writeFileSync(join(dist, 'static/sanity-Ab_d-F12.js'), 'console.log("studio")')
  writeFileSync(join(dist, 'static/favicon.ico'), 'icon')
  symlinkSync(join(root, '.data/lake/tokens.json'), join(dist, 'static/tokens-AAAAAAAA.json'))
  symlinkSync(join(root, '.data'), join(dist, 'data'))

  headers = securityHeaders({
    indexHtml,
    lakeUrl: 'http://localhost:3210',
    previewUrl: 'http://localhost:3000',
  })
  ;({ server, port } = await startStudioServer({
    files: readBuildFiles(dist),
    allowedHosts: ['localhost', '127.0.0.1', '[::1]', 'studio.example.com'],
    headers,
    port: 0,
    host: '127.0.0.1',
  }))
})

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
  rmSync(root, { recursive: true, force: true })
})

function expectSecurityHeaders(answer: RawAnswer) {
  for (const [name, value] of Object.entries(headers)) {
    expect(answer.headers[name.toLowerCase()], name).toBe(value)
  }
}

describe('the Studio production server', () => {
  it('serves index.html uncached and hashed assets for good', async () => {
    const page = await send('/')
    expect(page.status).toBe(200)
    expect(page.body).toBe(indexHtml)
    expect(page.headers['content-type']).toMatch(/^text\/html/)
    expect(page.headers['cache-control']).toBe('no-cache')
    expectSecurityHeaders(page)

    const script = await send('/static/sanity-Ab_d-F12.js')
    expect(script.status).toBe(200)
    expect(script.body).toBe('console.log("studio")')
    expect(script.headers['content-type']).toMatch(/^text\/javascript/)
    expect(script.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expectSecurityHeaders(script)

    const icon = await send('/static/favicon.ico')
    expect(icon.headers['cache-control']).toBe('no-cache')
  })

  it("answers the Studio's client-side routes with its page", async () => {
    for (const route of [
      '/structure',
      '/structure/article;article-deepseek-soft-power',
      '/intent/create/template=tag;type=tag/',
      '/presentation?preview=%2Farticles%2Fx',
      '/vision',
    ]) {
      const answer = await send(route)
      expect(answer.status, route).toBe(200)
      expect(answer.body, route).toBe(indexHtml)
      expectSecurityHeaders(answer)
    }
    const head = await send('/structure', { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.body).toBe('')
  })

  it('reads no file outside the build output, however the path is spelled', async () => {
    const attempts = [
      `/@fs${root}/.data/lake/tokens.json`,
      '/@fs/etc/passwd',
      '/.data/lake/tokens.json',
      '/.env',
      '/../../../.data/lake/tokens.json',
      '/static/../../../../.env',
      '/%2e%2e/%2e%2e/%2e%2e/.env',
      '/static/%2E%2E/%2E%2E/%2E%2E/.data/lake/tokens.json',
      '/static%2f..%2f..%2f..%2f.env',
      '/%252e%252e/%252e%252e/.env',
      '/static/%252e%252e%252f.env',
      '/static\\..\\..\\..\\.env',
      '/static/..%5c..%5c..%5c.env',
      '/static/%00.js',
      '/static/tokens-AAAAAAAA.json',
      '/static/missing-AAAAAAAA.js',
      '/static/../index.html/../../.env',
    ]
    for (const path of attempts) {
      const answer = await send(path)
      expect(answer.status, path).toBe(404)
      expect(answer.body, path).not.toContain(secret)
      expectSecurityHeaders(answer)
    }
    // A symlinked directory is no part of the build: its paths are Studio routes like any other.
    const throughLink = await send('/data/lake/tokens.json')
    expect(throughLink.body).toBe(indexHtml)
  })

  it('answers only its own host names, on any port', async () => {
    for (const host of ['localhost', '127.0.0.1:80', '[::1]:3333', 'Studio.Example.com']) {
      expect((await send('/', { host })).status, host).toBe(200)
    }
    for (const host of ['evil.test', 'localhost.evil.test', '127.0.0.2', 'evil.test:3333']) {
      const answer = await send('/', { host })
      expect(answer.status, host).toBe(403)
      expect(answer.body).not.toContain('sanity')
      expectSecurityHeaders(answer)
    }
    // An absolute request target names its own host, which must be allowed as well.
    expect((await send('http://evil.test/', { host: 'localhost' })).status).toBe(403)
    // Host headers no URL can hold never reach the Studio either.
    for (const host of ['localhost@evil.test', 'localhost:3333.evil.test']) {
      const answer = await send('/', { host })
      expect(answer.status, host).toBe(404)
      expectSecurityHeaders(answer)
    }
    // No host name at all (HTTP/1.0 allows that).
    expect(await sendRaw('GET / HTTP/1.0\r\n\r\n')).toBe('HTTP/1.1 403 Forbidden')
  })

  it('answers every method but GET and HEAD with 405, reading no body', async () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']) {
      const answer = await send('/', { method })
      expect(answer.status, method).toBe(405)
      expect(answer.headers.allow).toBe('GET, HEAD')
      expectSecurityHeaders(answer)
    }
    // 1 GB announced, none of it sent: the answer comes anyway, and the connection closes.
    const answer = await send('/', { method: 'POST', headers: { 'content-length': 1e9 } })
    expect(answer.status).toBe(405)
    expect(answer.headers.connection).toBe('close')
  })
})

describe('the Studio content security policy', () => {
  const policy = (lakeUrl: string | undefined) => {
    const { 'Content-Security-Policy': value } = securityHeaders({
      indexHtml,
      lakeUrl,
      previewUrl: 'http://localhost:3000/x',
    })
    return value.split('; ').map((directive) => directive.split(' '))
  }

  it("allows the index page's inline script by hash and nothing else inline", () => {
    const scripts = policy('http://localhost:3210').find(([name]) => name === 'script-src')
    expect(scripts).toEqual(['script-src', "'self'", ...inlineScriptHashes(indexHtml)])
    // The JSON data block is no script; the handler's hash is sha256 of its exact text.
    expect(inlineScriptHashes(indexHtml)).toEqual([
      "'sha256-/iNq6BPvxjejnh/l2HB3saOlu8g3Qbq/0Gvo1uHuFBc='",
    ])
  })

  it('lets the Studio reach the lake, its listen pool and presence socket, and frame the site', () => {
    const directives = Object.fromEntries(
      policy('http://localhost:3210').map(([name, ...sources]): [string, string[]] => [
        name ?? '',
        sources,
      ]),
    )
    expect(directives['connect-src']).toEqual([
      "'self'",
      'http://localhost:3210',
      'http://localhost:*',
      'ws://localhost:*',
    ])
    expect(directives['img-src']).toEqual(["'self'", 'data:', 'blob:', 'http://localhost:3210'])
    expect(directives['frame-src']).toEqual(['http://localhost:3000'])
    expect(directives['frame-ancestors']).toEqual(["'self'"])
    expect(directives['object-src']).toEqual(["'none'"])
  })
})
