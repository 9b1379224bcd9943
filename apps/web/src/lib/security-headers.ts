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
 * It also allows inline scripts ('unsafe-inline' in script-src), and so does not stop a script
 * injected into a page; React escaping all content is what keeps it out (the hostile-content e2e).
 * Every App Router page, static ones included, carries inline scripts: the RSC payload it hydrates
 * from (`self.__next_f.push(…)`, one per chunk of the stream) and its bootstrap, different on every
 * page and every render. Allowing them otherwise takes a nonce or their hashes. A nonce must be
 * new on every response, which Next supports only by rendering every page per request (no ISR, no
 * proxy cache). Hashes would have to be taken from each finished page before its headers go out:
 * server.ts would buffer every HTML response (no streaming), and would have to sit between Next's
 * renderer and Next's gzip, which wraps the response inside Next's own handler; the header also
 * grows by ~53 bytes per script, against nginx's default buffer for a proxied response's headers
 * (one memory page, 4 KiB here). `experimental.sri` covers only the script files. Inline styles: `inlineCss` puts the
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
