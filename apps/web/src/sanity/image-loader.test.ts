import { describe, expect, it } from 'vitest'

import sanityImageLoader from './image-loader'

describe('sanityImageLoader', () => {
  it('should keep the crop, ask for the width and let the CDN pick the format', () => {
    const url = new URL(
      sanityImageLoader({
        src: 'http://lake.test/images/p/d/abc-1600x900.png?rect=350,0,900,900&w=900&h=900&fit=crop',
        width: 640,
      }),
    )
    expect(url.pathname).toBe('/images/p/d/abc-1600x900.png')
    expect(Object.fromEntries(url.searchParams)).toEqual({
      rect: '350,0,900,900',
      w: '640',
      q: '75',
      auto: 'format',
      fit: 'max',
    })
  })

  it('should keep an explicit quality', () => {
    const url = new URL(
      sanityImageLoader({ src: 'http://lake.test/x.png', width: 320, quality: 50 }),
    )
    expect(url.searchParams.get('q')).toBe('50')
    expect(url.searchParams.get('w')).toBe('320')
  })
})
