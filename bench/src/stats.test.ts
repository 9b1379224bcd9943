import { describe, expect, it } from 'vitest'

import { percentile, round } from './stats.ts'

describe('stats', () => {
  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i)
    expect(percentile(values, 50)).toBe(50)
    expect(percentile(values, 99)).toBe(99)
    expect(percentile(values, 100)).toBe(100)
    expect(percentile([7], 95)).toBe(7)
    expect(percentile([], 50)).toBeNaN()
  })

  it('rounds to three significant digits', () => {
    expect(round(0.123456)).toBe(0.123)
    expect(round(12.3456)).toBe(12.3)
    expect(round(1234.5)).toBe(1235)
  })
})
