interface SecurityHeaderOptions {
  /** Where images come from (the lake or Sanity's CDN). */
  imageHost: string
  /** The only other site allowed to frame pages: the Studio's Presentation tool. */
  studioUrl: string
}

/**
 * Headers for every response. The policy allows what the pages use and nothing else: scripts,
 * styles and fonts from the site itself (Next inlines small scripts and styles, hence
 * 'unsafe-inline'; nonces would make every page dynamic), images from the site and the image
 * host, and framing by the Studio only, for previews.
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
