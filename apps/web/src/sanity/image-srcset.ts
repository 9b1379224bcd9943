/**
 * The widths a browser may pick from, as `next/image` offers them (phones at 1x-3x up to wide
 * desktop screens); a source is never asked for wider than it is.
 */
const CANDIDATE_WIDTHS = [320, 480, 640, 750, 828, 1080, 1200, 1600, 1920, 2400]
const WIDEST = 2400

/**
 * One width of an image on the Sanity image CDN, which the lake serves too. The URL from
 * `imageSource` already fixes the crop (`rect`), so only the width is asked for; `fit=max` keeps
 * the aspect ratio and never upscales past the source, and `auto=format` lets the CDN pick
 * AVIF/WebP for the browser.
 */
export function imageUrlAtWidth(src: string, width: number, quality = 75): string {
  const url = new URL(src)
  url.searchParams.delete('h')
  url.searchParams.set('w', String(width))
  url.searchParams.set('q', String(quality))
  url.searchParams.set('auto', 'format')
  url.searchParams.set('fit', 'max')
  return url.href
}

/**
 * `src` and `srcset` for an `<img>` rendered on the server: the browser picks a width with `sizes`
 * and no client JavaScript is needed (`next/image` would ship its component to every page).
 */
export function responsiveImage(src: string, intrinsicWidth: number) {
  const widths = CANDIDATE_WIDTHS.filter((width) => width < intrinsicWidth)
  if (intrinsicWidth <= WIDEST) widths.push(intrinsicWidth)
  return {
    src: imageUrlAtWidth(src, Math.min(intrinsicWidth, 1080)),
    srcSet: widths.map((width) => `${imageUrlAtWidth(src, width)} ${width}w`).join(', '),
  }
}
