import { describe, expect, it } from 'vitest'

import { imageSource } from './image'
import type { Picture } from '@repo/queries/results'

const asset = {
  _id: 'image-9b25db800beeec518020232633dc8888ba6b9715-1600x900-png',
  url: 'http://lake.test/x.png',
  width: 1600,
  height: 900,
  lqip: 'data:image/jpeg;base64,AA==',
}

const picture: Picture = {
  _id: 'picture-a',
  alt: 'A picture',
  caption: undefined,
  credit: undefined,
  image: {
    asset,
    hotspot: { x: 0.5, y: 0.5, width: 0.6, height: 0.6 },
    crop: null,
  },
}

describe('imageSource', () => {
  it('should give the intrinsic size, blur placeholder and a CDN URL on the lake', () => {
    const source = imageSource(picture)
    expect(source).toMatchObject({
      width: 1600,
      height: 900,
      blurDataURL: 'data:image/jpeg;base64,AA==',
    })
    const url = new URL(source?.src ?? '')
    expect(url.pathname).toBe(
      '/images/local/production/9b25db800beeec518020232633dc8888ba6b9715-1600x900.png',
    )
    expect(url.search).not.toContain('NaN')
  })

  it('should crop around the hotspot for a requested aspect ratio', () => {
    const source = imageSource(picture, 1)
    expect(source).toMatchObject({ width: 900, height: 900 })
    const url = new URL(source?.src ?? '')
    expect(url.searchParams.get('rect')).toBe('350,0,900,900')
  })

  it('should refuse a placeholder that is not an inline raster image', () => {
    for (const lqip of [
      'javascript:alert(1)',
      'data:image/svg+xml,<svg/>',
      'x"); background: red',
    ]) {
      const hostile: Picture = {
        ...picture,
        image: {
          asset: { ...asset, lqip },
          hotspot: null,
          crop: null,
        },
      }
      expect(imageSource(hostile)?.blurDataURL).toBeUndefined()
    }
  })

  it('should give nothing when the asset is missing', () => {
    expect(
      imageSource({ ...picture, image: { asset: null, hotspot: null, crop: null } }),
    ).toBeUndefined()
    expect(imageSource(null)).toBeUndefined()
  })
})
