import type { ImageLoaderProps } from 'next/image'

/**
 * `next/image` loader for the Sanity image CDN, which the lake serves too. The URL from
 * `imageSource` already fixes the crop (`rect`), so only the width is asked for; `fit=max` keeps
 * the aspect ratio and never upscales past the source, and `auto=format` lets the CDN pick
 * AVIF/WebP for the browser.
 */
export default function sanityImageLoader({ src, width, quality }: ImageLoaderProps): string {
  const url = new URL(src)
  url.searchParams.delete('h')
  url.searchParams.set('w', String(width))
  url.searchParams.set('q', String(quality ?? 75))
  url.searchParams.set('auto', 'format')
  url.searchParams.set('fit', 'max')
  return url.href
}
