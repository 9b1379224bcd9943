import { describe, expect, it } from 'vitest'

import { medianLighthouse, summarizeLighthouse } from './lighthouse.ts'
import type { LighthousePage } from './lighthouse.ts'

describe('summarizeLighthouse', () => {
  it('reads scores 0-100 and the audits that cost points', () => {
    const category = (score: number, ids: string[]) => ({
      score,
      auditRefs: ids.map((id) => ({ id, weight: 1 })),
    })
    const summary = summarizeLighthouse({
      categories: {
        performance: category(0.87, ['largest-contentful-paint']),
        accessibility: category(1, ['color-contrast']),
        'best-practices': category(0.96, ['errors-in-console']),
        seo: category(1, ['robots-txt']),
      },
      audits: {
        'largest-contentful-paint': {
          title: 'LCP',
          score: 0.7,
          scoreDisplayMode: 'numeric',
          displayValue: '3.2 s',
        },
        'color-contrast': { title: 'Contrast', score: 1, scoreDisplayMode: 'binary' },
        'errors-in-console': { title: 'Console', score: 0, scoreDisplayMode: 'binary' },
        'robots-txt': { title: 'robots', score: null, scoreDisplayMode: 'notApplicable' },
      },
    })
    expect(summary.scores).toEqual({
      performance: 87,
      accessibility: 100,
      best_practices: 96,
      seo: 100,
    })
    expect(summary.failed).toEqual([
      'performance: largest-contentful-paint 0.70 (LCP: 3.2 s)',
      'best_practices: errors-in-console (Console)',
    ])
  })
})

describe('medianLighthouse', () => {
  const run = (performance: number, seo: number, failed: string[]): LighthousePage => ({
    scores: { performance, accessibility: 100, best_practices: 100, seo },
    failed,
  })

  it('takes the median of each category and the audits of the median performance run', () => {
    const median = medianLighthouse([
      run(91, 100, ['performance: a']),
      run(84, 92, ['performance: b', 'seo: c']),
      run(97, 100, []),
    ])
    expect(median.scores).toEqual({
      performance: 91,
      accessibility: 100,
      best_practices: 100,
      seo: 100,
    })
    expect(median.failed).toEqual(['performance: a'])
    expect(median.runs.map((scores) => scores.performance)).toEqual([91, 84, 97])
  })

  it('refuses to summarize no run', () => {
    expect(() => medianLighthouse([])).toThrow(/no Lighthouse run/)
  })
})
