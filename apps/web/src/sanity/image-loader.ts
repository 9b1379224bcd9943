import type { ImageLoaderProps } from 'next/image'

/**
 * `next/image` loader for the Sanity image CDN (the lake serves the same API): asks for the
 * requested width, scales a fixed crop height with it, and lets the CDN pick AVIF/WebP.
 */
export default function sanityImageLoader({ src, width, quality }: ImageLoaderProps): string {
  const url = new URL(src)
  const baseWidth = Number(url.searchParams.get('w'))
  const baseHeight = Number(url.searchParams.get('h'))
  if (baseWidth > 0 && baseHeight > 0) {
    url.searchParams.set('h', String(Math.round((baseHeight * width) / baseWidth)))
  }
  url.searchParams.set('w', String(width))
  url.searchParams.set('q', String(quality ?? 75))
  url.searchParams.set('auto', 'format')
  return url.href
}
