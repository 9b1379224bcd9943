import { gzipSync } from 'node:zlib'

import { webUrl } from './paths.ts'

/**
 * Gzipped bytes of the JavaScript files a page loads (`<script src>`; the inline RSC payload is
 * the page's data, not code), each file counted once.
 */
export async function clientJsGzipBytes(pagePath: string): Promise<number> {
  const html = await (await fetch(`${webUrl}${pagePath}`)).text()
  const sources = new Set([...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1] ?? ''))
  let total = 0
  for (const source of sources) {
    const response = await fetch(new URL(source.replaceAll('&amp;', '&'), webUrl))
    total += gzipSync(Buffer.from(await response.arrayBuffer())).length
  }
  return total
}
