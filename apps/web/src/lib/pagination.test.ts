import { describe, expect, it } from 'vitest'

import { pageCount, pageHref, pageWindow, parsePageSegment } from './pagination'

describe('pagination', () => {
  it('should accept only plain page numbers above one', () => {
    expect(parsePageSegment('2')).toBe(2)
    expect(parsePageSegment('120')).toBe(120)
    for (const segment of ['1', '0', '-2', '01', '1e3', '2.5', 'two', '', '9999999']) {
      expect(parsePageSegment(segment)).toBeUndefined()
    }
  })

  it('should slice pages and count them, with one page even when empty', () => {
    expect(pageWindow(3, 10)).toEqual({ page: 3, start: 20, end: 30 })
    expect(pageCount(0, 10)).toBe(1)
    expect(pageCount(10, 10)).toBe(1)
    expect(pageCount(11, 10)).toBe(2)
  })

  it('should give page one its list’s own address', () => {
    expect(pageHref('/', 1)).toBe('/')
    expect(pageHref('/', 2)).toBe('/page/2')
    expect(pageHref('/tags/ai', 1)).toBe('/tags/ai')
    expect(pageHref('/tags/ai', 3)).toBe('/tags/ai/page/3')
  })
})
