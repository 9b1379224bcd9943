import { describe, expect, it } from 'vitest'

import { queryUrl, siteMix, summarize } from './lake-concurrency.ts'

describe('lake concurrency', () => {
  it('summarizes the two throughputs, their ratio and the by-slug p99', () => {
    const times = Array.from({ length: 100 }, (_, i) => i + 1)
    expect(
      summarize(
        { rps: 400, errors: 0 },
        { rps: 700, errors: 1 },
        { times, finished: [3.21, 6.5, 4.1, 7.2] },
        2,
        1,
      ),
    ).toEqual({
      workers: 2,
      http_threads: 1,
      rps_single: 400,
      rps_pool: 700,
      errors_single: 0,
      errors_pool: 1,
      rps_pool_over_single: 1.75,
      by_slug_p99_ms_during_slow_queries: 99,
      by_slug_samples_during_slow_queries: 100,
      slow_queries_s: { first: 3.21, last: 7.2 },
    })
  })

  it("cycles through the site's four queries with parameters from the dataset", () => {
    const documents = [
      { _id: 'a', _type: 'article', slug: { current: 'a' }, tags: [{ _ref: 't' }] },
      { _id: 't', _type: 'tag', slug: { current: 't' } },
    ]
    const next = siteMix(documents)
    const asked = Array.from({ length: 8 }, () => next())
    expect(new Set(asked.map(({ query }) => query)).size).toBe(4)
    expect(asked[0]?.params).toEqual({ slug: 'a' })
    expect(asked[2]?.params).toEqual({ id: 'a', tagIds: ['t'], limit: 3 })
    expect(asked[4]?.query).toBe(asked[0]?.query)
  })

  it('asks as @sanity/client does: JSON params, no query echoed', () => {
    const url = queryUrl('http://lake', '*[slug.current == $slug]', { slug: 'a b' })
    expect(url.pathname).toBe('/v2025-02-19/data/query/production')
    expect(url.searchParams.get('$slug')).toBe('"a b"')
    expect(url.searchParams.get('returnQuery')).toBe('false')
  })
})
