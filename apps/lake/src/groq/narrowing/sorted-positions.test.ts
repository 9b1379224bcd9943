import { describe, expect, it } from 'vitest'
import { intersect, lowerBound, union } from './sorted-positions.ts'

describe('sorted positions', () => {
  it('intersects by merging and, for a small set against a large one, by searching', () => {
    expect(intersect([1, 3, 5, 7], [2, 3, 4, 7, 9])).toEqual([3, 7])
    const large = Array.from({ length: 1000 }, (_, i) => i * 2)
    expect(intersect([3, 4, 1998, 2001], large)).toEqual([4, 1998])
    expect(intersect([], large)).toEqual([])
  })

  it('unites into one ascending list without duplicates', () => {
    expect(union([[5, 9], [], [1, 5, 7]])).toEqual([1, 5, 7, 9])
    expect(union([])).toEqual([])
  })

  it('finds lower bounds', () => {
    expect(lowerBound([1, 3, 3, 8], 3)).toBe(1)
    expect(lowerBound([1, 3, 3, 8], 9)).toBe(4)
  })
})
