interface SecurityHeaderOptions {
  /** Where images come from (the lake or Sanity's CDN). */
  imageHost: string
  /** The only other site allowed to frame pages: the Studio's Presentation tool. */
  studioUrl: string
}

/**
 * Headers for every response. The policy allows what the pages use: script files, stylesheets and
 * fonts from the site's own origin, images from the site and the image host, framing by the Studio
 * only (previews), no plugins.
 *
 * Inline scripts: every App Router page, static ones included, carries some — the RSC payload it
 * hydrates from (`self.__next_f.push(…)`, one per chunk) and its bootstrap — different on every
 * page and every render. So the policy Next sends allows them ('unsafe-inline'), and the site's
 * server (server.ts, what production runs) replaces that, in each page it serves, with the sha256
 * hashes of the page's own inline scripts (src/server/inline-script-hashes.ts): a script injected
 * into a page does not run. A nonce instead would make every page dynamic (no ISR, no proxy
 * cache), and `experimental.sri` covers only script files. `next dev` and answers that are not
 * pages (feed, RSC payloads, files) keep 'unsafe-inline'. Styles keep it: `inlineCss` puts the
 * stylesheet in each page's <head>.
 */
export function securityHeaders({ imageHost, studioUrl }: SecurityHeaderOptions) {
  const imageOrigin = new URL(imageHost).origin
  const studioOrigin = new URL(studioUrl).origin
  const policy = [
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob: ${imageOrigin}`,
    "font-src 'self'",
    "connect-src 'self'",
    `frame-ancestors 'self' ${studioOrigin}`,
    "base-uri 'self'",
    "form-action 'self'",
    "object-src 'none'",
  ].join('; ')
  return [
    { key: 'Content-Security-Policy', value: policy },
    { key: 'X-Content-Type-Options', value: 'nosniff' },
    { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
    { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
  ]
}
