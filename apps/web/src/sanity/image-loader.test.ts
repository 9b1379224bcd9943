import { describe, expect, it } from 'vitest'

import sanityImageLoader from './image-loader'

describe('sanityImageLoader', () => {
  it('should scale a fixed crop to the requested width and ask for a modern format', () => {
    const url = new URL(
      sanityImageLoader({
        src: 'http://lake.test/images/p/d/abc-1600x900.png?w=1600&h=900&fit=crop',
        width: 800,
      }),
    )
    expect(Object.fromEntries(url.searchParams)).toEqual({
      w: '800',
      h: '450',
      fit: 'crop',
      q: '75',
      auto: 'format',
    })
  })

  it('should keep an explicit quality', () => {
    const url = new URL(
      sanityImageLoader({ src: 'http://lake.test/x.png', width: 320, quality: 50 }),
    )
    expect(url.searchParams.get('q')).toBe('50')
    expect(url.searchParams.has('h')).toBe(false)
  })
})
