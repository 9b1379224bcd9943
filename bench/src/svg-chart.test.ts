import { describe, expect, it } from 'vitest'

import { barChartSvg } from './svg-chart.ts'

describe('barChartSvg', () => {
  it('draws one bar per value and marks missing values', () => {
    const svg = barChartSvg([
      {
        title: 'p50 <ms>',
        unit: 'ms',
        log: true,
        groups: [
          {
            label: '100',
            bars: [
              { label: 'a', value: 0.5 },
              { label: 'b', value: 40 },
            ],
          },
          {
            label: '1000',
            bars: [
              { label: 'a', value: 2 },
              { label: 'b', value: null },
            ],
          },
        ],
      },
    ])
    expect(svg.startsWith('<svg')).toBe(true)
    expect(svg.match(/<rect [^>]*><title>/g)).toHaveLength(3)
    expect(svg).toContain('n/a')
    expect(svg).toContain('p50 &lt;ms&gt;')
  })
})
