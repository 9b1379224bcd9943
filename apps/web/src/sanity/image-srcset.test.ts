import { describe, expect, it } from 'vitest'

import { imageUrlAtWidth, responsiveImage } from './image-srcset'

const source =
  'http://lake.test/images/p/d/abc-1600x900.png?rect=350,0,900,900&w=900&h=900&fit=crop'

describe('imageUrlAtWidth', () => {
  it('should keep the crop, ask for the width and let the CDN pick the format', () => {
    const url = new URL(imageUrlAtWidth(source, 640))
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
    const url = new URL(imageUrlAtWidth('http://lake.test/x.png', 320, 50))
    expect(url.searchParams.get('q')).toBe('50')
    expect(url.searchParams.get('w')).toBe('320')
  })
})

describe('responsiveImage', () => {
  const widthsOf = (srcSet: string) =>
    srcSet.split(', ').map((candidate) => {
      const [url, descriptor] = candidate.split(' ')
      expect(new URL(url ?? '').searchParams.get('w')).toBe(descriptor?.replace('w', ''))
      return Number(descriptor?.replace('w', ''))
    })

  it('should offer widths up to the source and never past it', () => {
    const { src, srcSet } = responsiveImage(source, 900)
    expect(widthsOf(srcSet)).toEqual([320, 480, 640, 750, 828, 900])
    expect(new URL(src).searchParams.get('w')).toBe('900')
  })

  it('should offer a small source at its own width only', () => {
    const { src, srcSet } = responsiveImage(source, 200)
    expect(widthsOf(srcSet)).toEqual([200])
    expect(new URL(src).searchParams.get('w')).toBe('200')
  })

  it('should stop at 2400 px and keep the fallback moderate for a huge source', () => {
    const { src, srcSet } = responsiveImage(source, 6000)
    expect(widthsOf(srcSet).at(-1)).toBe(2400)
    expect(new URL(src).searchParams.get('w')).toBe('1080')
  })
})
