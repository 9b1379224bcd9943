/** Page numbers as they appear in addresses: `/page/2`, `/tags/ai/page/3`. Page 1 has no suffix. */

export interface PageWindow {
  page: number
  start: number
  end: number
}

/**
 * The page a URL segment names, or undefined when it is not a page of its own: not a plain
 * positive integer ("01", "1e3", "-2"), or 1, whose address is the list's first one.
 */
export function parsePageSegment(segment: string): number | undefined {
  if (!/^[1-9]\d{0,5}$/.test(segment)) return undefined
  const page = Number(segment)
  return page > 1 ? page : undefined
}

export function pageWindow(page: number, pageSize: number): PageWindow {
  const start = (page - 1) * pageSize
  return { page, start, end: start + pageSize }
}

export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize))
}

/** The address of page `page` of the list at `basePath` ("/" or "/tags/ai"). */
export function pageHref(basePath: string, page: number): string {
  if (page <= 1) return basePath
  return `${basePath === '/' ? '' : basePath}/page/${page}`
}
