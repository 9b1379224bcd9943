import { describe, expect, it } from 'vitest'

import { Random, ZipfSampler } from './random.ts'

describe('Random', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const draw = (seed: number) => {
      const random = new Random(seed)
      return Array.from({ length: 5 }, () => random.uint32())
    }
    expect(draw(7)).toEqual(draw(7))
    expect(draw(7)).not.toEqual(draw(8))
  })

  it('draws integers within bounds and shapes uuids like Sanity ids', () => {
    const random = new Random(1)
    const ints = Array.from({ length: 1000 }, () => random.int(3, 5))
    expect(new Set(ints)).toEqual(new Set([3, 4, 5]))
    expect(random.uuid()).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    )
  })
})

describe('ZipfSampler', () => {
  it('makes low ranks common and high ranks rare, roughly as 1/rank', () => {
    const random = new Random(3)
    const zipf = new ZipfSampler(200, 1)
    const counts = new Array<number>(200).fill(0)
    for (let i = 0; i < 100_000; i++) {
      const rank = zipf.sample(random)
      counts[rank] = (counts[rank] ?? 0) + 1
    }
    const [first = 0, second = 0] = counts
    expect(first / second).toBeGreaterThan(1.7)
    expect(first / second).toBeLessThan(2.3)
    expect(first / (counts[99] ?? 1)).toBeGreaterThan(60)
    expect(counts.every((count) => count > 0)).toBe(true)
  })
})
