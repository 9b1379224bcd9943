import type { IncomingMessage } from 'node:http'

/**
 * Next's draft-mode cookie. The preview (the Studio's Presentation tool, click-to-edit overlays,
 * the live refresh) runs on Next's client runtime, so a request carrying it keeps the page whole.
 * A made-up value only costs its sender the scripts a reader does not need.
 */
const DRAFT_MODE_COOKIE = /(?:^|;)\s*__prerender_bypass=/

/** Script files of Next's build (its runtime, React, the route's chunks, the `nomodule` polyfills). */
const SCRIPT_FILE = /<script\b[^>]*\ssrc="[^"]*\/_next\/static\/[^"]*"[^>]*>\s*<\/script>/gi
/** The `<link>`s that preload those files. */
const SCRIPT_PRELOAD =
  /<link\b(?=[^>]*\s(?:as="script"|rel="modulepreload"))(?=[^>]*\shref="[^"]*\/_next\/static\/)[^>]*>/gi
/**
 * Inline scripts of the runtime: Turbopack's bootstrap (`(globalThis["TURBOPACK"] …).push(…)`, the
 * chunks to load), and the RSC payload the runtime hydrates from (`(self.__next_f=…).push([0])`
 * and every `self.__next_f.push(…)`; its text never holds `</script>`: React escapes `<` in it).
 */
const RUNTIME_INLINE_SCRIPT =
  /<script\b[^>]*>\s*\(?(?:self\.__next_f\b|globalThis\["TURBOPACK"\])[\s\S]*?<\/script>/gi

/**
 * A page as a reader needs it: the HTML Next rendered on the server without Next's client runtime
 * and the RSC payload it would hydrate from. The site's pages are server components whose HTML is
 * complete; the runtime only hydrates them, prefetches links and navigates on the client, which a
 * plain link does too, as a full page load. Other inline scripts stay (React's own, which reveal a
 * streamed part of the page), as does every `<style>`, JSON-LD and preload of a font or image.
 */
export function withoutFrameworkScripts(html: string): string {
  return html
    .replace(SCRIPT_FILE, '')
    .replace(SCRIPT_PRELOAD, '')
    .replace(RUNTIME_INLINE_SCRIPT, '')
}

export const inDraftMode = (request: IncomingMessage): boolean =>
  DRAFT_MODE_COOKIE.test(request.headers.cookie ?? '')

/**
 * Next's error shell: the page of a request that failed (5xx) or called `notFound()` while being
 * rendered on demand (an unknown article's 404) holds no content; the runtime renders the
 * boundary (`error.tsx`, `not-found.tsx`) in the browser.
 */
const ERROR_SHELL = /<html\b[^>]*\sid="__next_error__"/

/**
 * What server.ts does to a page before sending it: outside draft mode, a page goes without the
 * framework's scripts, unless it is Next's error shell or a 5xx answer, which need them to show
 * anything.
 */
export function readerPageRewrite(
  request: IncomingMessage,
): ((html: string, statusCode: number) => string) | undefined {
  if (inDraftMode(request)) return undefined
  return (html, statusCode) =>
    statusCode >= 500 || ERROR_SHELL.test(html) ? html : withoutFrameworkScripts(html)
}
