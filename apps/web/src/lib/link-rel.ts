const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:'])

export interface SafeLink {
  href: string
  external: boolean
}

/**
 * Links come from content: only http(s), mailto and site-relative hrefs survive (no `javascript:`
 * or `data:`), and links leaving the site are marked external.
 */
export function safeLink(href: string | undefined, siteUrl: string): SafeLink | undefined {
  if (!href) return undefined
  const trimmed = href.trim()
  if (trimmed.startsWith('/') && !trimmed.startsWith('//'))
    return { href: trimmed, external: false }
  let url: URL
  try {
    url = new URL(trimmed)
  } catch {
    return undefined
  }
  if (!SAFE_SCHEMES.has(url.protocol)) return undefined
  return { href: url.href, external: url.origin !== new URL(siteUrl).origin }
}
