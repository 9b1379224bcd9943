import { createHash } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { promisify } from 'node:util'
import { gzip as gzipCallback } from 'node:zlib'

const gzip = promisify(gzipCallback)

/** Inline scripts the browser runs: no `src`, and no data type such as `application/ld+json`. */
const INLINE_SCRIPT =
  /<script((?:\s+(?!src\b|type\b)[\w-]+(?:="[^"]*")?|\s+type="(?:text\/javascript|module)")*)\s*>([\s\S]*?)<\/script>/gi

/** The CSP source of each inline script of a page: `'sha256-…'`, as browsers hash the text. */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>()
  for (const [, , source = ''] of html.matchAll(INLINE_SCRIPT)) {
    hashes.add(`'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`)
  }
  return [...hashes]
}

/** The policy with 'unsafe-inline' in script-src replaced by the page's own inline scripts. */
export function withScriptHashes(policy: string, hashes: readonly string[]): string {
  return policy
    .split(/;\s*/)
    .map((directive) => {
      const [name, ...sources] = directive.split(/\s+/)
      if (name !== 'script-src') return directive
      return [name, ...sources.filter((source) => source !== "'unsafe-inline'"), ...hashes].join(
        ' ',
      )
    })
    .join('; ')
}

/**
 * A request whose answer may be a page: any GET but a client-side navigation's RSC payload and
 * Next's static files. Not only browsers' navigations (Accept: text/html): a caching proxy keeps
 * whatever answer filled it, and serves it to browsers too.
 */
const mayBePage = (request: IncomingMessage) =>
  request.method === 'GET' &&
  request.headers.rsc === undefined &&
  !(request.url ?? '').startsWith('/_next/static/')

/** Answers held and gzipped here; an event stream never ends, so it is not held. */
const HELD_TYPE =
  /^(text\/(?!event-stream)|application\/(json|xml|rss\+xml|manifest\+json)|image\/svg\+xml)/

/** Changes a complete HTML page before it is hashed and sent; gets the page's status. */
export type PageRewrite = (html: string, statusCode: number) => string

const contentType = (response: ServerResponse) =>
  String(response.getHeader('content-type') ?? '').toLowerCase()

/**
 * Lets a page run only its own inline scripts. The CSP Next sends allows any ('unsafe-inline', see
 * src/lib/security-headers.ts); here the finished HTML of every page is held back, its inline
 * scripts hashed, and 'unsafe-inline' replaced by their hashes. Pages stay static: the hashes are
 * of whatever Next serves, from its ISR cache or freshly rendered.
 *
 * Costs: a page goes out once complete (the site's pages stream nothing a reader sees earlier),
 * and Next must not compress it, as the hashes are of the text: requests that may be pages reach
 * Next without Accept-Encoding, and their text answers (pages, feed, sitemap, Markdown) are
 * gzipped here instead. Next's static files, RSC payloads and other methods are left alone.
 * `rewritePage`, if given, changes each HTML page first (the hashes are of what is sent).
 */
export function hashInlineScriptsOf(
  request: IncomingMessage,
  response: ServerResponse,
  rewritePage?: PageRewrite,
): void {
  if (!mayBePage(request)) return
  const acceptsGzip = /\bgzip\b/.test(request.headers['accept-encoding'] ?? '')
  Reflect.deleteProperty(request.headers, 'accept-encoding')

  const write = response.write.bind(response) as (...args: unknown[]) => boolean
  const end = response.end.bind(response) as (...args: unknown[]) => ServerResponse
  const flushHeaders = response.flushHeaders.bind(response)
  const writeHead = response.writeHead.bind(response) as (...args: unknown[]) => ServerResponse
  // Once the page is complete, what Next wrote goes out through the real methods.
  let released = false
  const chunks: Buffer[] = []
  // Decided on the first write (or head): text is held back, anything else (images) goes as is.
  let holding: boolean | undefined
  const decide = () => (holding ??= HELD_TYPE.test(contentType(response)))
  const collect = (chunk: unknown, encoding: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === 'function') return
    chunks.push(
      typeof chunk === 'string'
        ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
        : Buffer.from(chunk as Uint8Array),
    )
  }

  // Held back with the body (Next's gzip, even when it does not compress, writes the head before
  // its first write): the status and headers are kept on the response until the page is complete.
  response.writeHead = ((statusCode: number, ...rest: unknown[]) => {
    if (statusCode === 304) response.statusCode = 304
    withoutPolicyIfNotModified()
    if (released || !decide()) return writeHead(statusCode, ...rest)
    response.statusCode = statusCode
    for (const argument of rest) {
      if (typeof argument === 'string') response.statusMessage = argument
      else if (Array.isArray(argument)) {
        // Node's flat form: name, value, name, value…
        for (let index = 0; index + 1 < argument.length; index += 2) {
          response.setHeader(String(argument[index]), String(argument[index + 1]))
        }
      } else if (argument && typeof argument === 'object') {
        for (const [name, value] of Object.entries(argument)) {
          if (value !== undefined) response.setHeader(name, value as string | number | string[])
        }
      }
    }
    return response
  }) as ServerResponse['writeHead']
  response.flushHeaders = () => {
    if (!decide()) flushHeaders()
  }
  response.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (!decide()) return write(chunk, ...rest)
    collect(chunk, rest[0])
    const callback = rest.find((argument) => typeof argument === 'function')
    if (callback) process.nextTick(callback as () => void)
    return true
  }) as ServerResponse['write']
  response.end = ((...args: unknown[]) => {
    withoutPolicyIfNotModified()
    if (!decide()) return end(...args)
    const callback = args.find((argument) => typeof argument === 'function')
    collect(args[0], args[1])
    void finish(Buffer.concat(chunks)).then(
      (body) => {
        released = true
        end(body, callback)
      },
      (error: unknown) => {
        console.error('[site] hashing inline scripts failed', error)
        response.destroy()
      },
    )
    return response
  }) as ServerResponse['end']

  // A 304 says nothing of the body: the browser keeps the CSP that came with the page, which a
  // policy without its hashes would replace.
  function withoutPolicyIfNotModified() {
    if (response.statusCode === 304 && !response.headersSent) {
      response.removeHeader('content-security-policy')
    }
  }

  async function finish(held: Buffer): Promise<Buffer> {
    let body = held
    const policy = response.getHeader('content-security-policy')
    if (contentType(response).startsWith('text/html')) {
      let html = body.toString('utf8')
      if (rewritePage) {
        html = rewritePage(html, response.statusCode)
        body = Buffer.from(html, 'utf8')
      }
      if (typeof policy === 'string') {
        response.setHeader(
          'content-security-policy',
          withScriptHashes(policy, inlineScriptHashes(html)),
        )
      }
    }
    if (!acceptsGzip || body.length < 1024) {
      response.setHeader('content-length', body.length)
      return body
    }
    const compressed = await gzip(body)
    response.setHeader('content-encoding', 'gzip')
    response.setHeader('content-length', compressed.length)
    const vary = String(response.getHeader('vary') ?? '')
    if (!/\baccept-encoding\b/i.test(vary)) {
      response.setHeader('vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding')
    }
    return compressed
  }
}
