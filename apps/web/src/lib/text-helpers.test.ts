import { describe, expect, it } from 'vitest'

import { formatDate } from './format-date'
import { headingAnchor } from './heading-anchor'
import { safeLink } from './link-rel'

describe('headingAnchor', () => {
  it('should make readable fragment ids', () => {
    expect(headingAnchor('The Market Logic Behind “Openness”')).toBe(
      'the-market-logic-behind-openness',
    )
    expect(headingAnchor('Conclusion: A New Sputnik Moment')).toBe(
      'conclusion-a-new-sputnik-moment',
    )
    expect(headingAnchor('“”')).toBe('section')
  })
})

describe('safeLink', () => {
  const site = 'https://example.com'
  it('should drop script and data links', () => {
    expect(safeLink('javascript:alert(1)', site)).toBeUndefined()
    expect(safeLink(' JaVaScRiPt:alert(1)', site)).toBeUndefined()
    expect(safeLink('data:text/html,<script>', site)).toBeUndefined()
    expect(safeLink('//evil.test/x', site)).toBeUndefined()
  })
  it('should mark links that leave the site', () => {
    expect(safeLink('https://openai.com/', site)).toEqual({
      href: 'https://openai.com/',
      external: true,
    })
    expect(safeLink('https://example.com/a', site)?.external).toBe(false)
    expect(safeLink('/tags/ai', site)).toEqual({ href: '/tags/ai', external: false })
  })
})

describe('formatDate', () => {
  it('should format in UTC and tolerate bad input', () => {
    expect(formatDate('2025-02-03T09:00:00Z')).toBe('3 February 2025')
    expect(formatDate('not a date')).toBeUndefined()
    expect(formatDate(undefined)).toBeUndefined()
  })
})
