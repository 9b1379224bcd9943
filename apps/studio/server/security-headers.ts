import { createHash } from 'node:crypto'

interface PolicyOptions {
  /** The Studio's index.html: its inline scripts are allowed by hash, nothing else inline runs. */
  indexHtml: string
  /** The local lake the bundle talks to; undefined when it talks to Sanity's hosted API. */
  lakeUrl: string | undefined
  /** The site the Presentation tool frames. */
  previewUrl: string
}

const inlineScript = /<script(?![^>]*\ssrc=)([^>]*)>([\s\S]*?)<\/script>/gi
const dataScriptType = /\stype=["']?(?!module|text\/javascript)[^\s>"']+/i

/** `'sha256-…'` sources for the executable inline scripts of a page (JSON data blocks never run). */
export function inlineScriptHashes(html: string): string[] {
  return [...html.matchAll(inlineScript)]
    .filter(([, attributes = '']) => !dataScriptType.test(attributes))
    .map(([, , body = '']) => `'sha256-${createHash('sha256').update(body).digest('base64')}'`)
}

/** The lake's host on any port: browsers' listeners are redirected to its pool's free ports. */
function lakeSources(lakeUrl: string): { http: string[]; socket: string } {
  const { protocol, hostname, origin } = new URL(lakeUrl)
  const socketScheme = protocol === 'https:' ? 'wss:' : 'ws:'
  return {
    http: [origin, `${protocol}//${hostname}:*`],
    socket: `${socketScheme}//${hostname}:*`,
  }
}

/**
 * Headers for every response of the Studio's port. Scripts come from the build only (the CLI's
 * inline error handler by hash); styles may be inline because styled-components injects them;
 * the Studio talks to the lake (HTTP, its listen pool, the presence socket), frames the site for
 * Presentation, and is framed by nothing but itself.
 */
export function securityHeaders({ indexHtml, lakeUrl, previewUrl }: PolicyOptions) {
  const lake = lakeUrl ? lakeSources(lakeUrl) : undefined
  const api = lake ? [...lake.http, lake.socket] : ['https://*.sanity.io', 'wss://*.sanity.io']
  const images = lakeUrl ? new URL(lakeUrl).origin : 'https://cdn.sanity.io'
  const policy = [
    "default-src 'self'",
    ["script-src 'self'", ...inlineScriptHashes(indexHtml)].join(' '),
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob: ${images}`,
    "font-src 'self' data:",
    ["connect-src 'self'", ...api].join(' '),
    `frame-src ${new URL(previewUrl).origin}`,
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "frame-ancestors 'self'",
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ')
  return {
    'Content-Security-Policy': policy,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
  }
}
