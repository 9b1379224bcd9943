import { inflateSync } from 'node:zlib'

import { describe, expect, it } from 'vitest'

import { illustrationPng } from './png.ts'

describe('illustrationPng', () => {
  it('writes a PNG of the requested size whose pixel data inflates to every row', () => {
    const png = illustrationPng(200, 1, 40, 20)
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG')
    expect(png.readUInt32BE(16)).toBe(40)
    expect(png.readUInt32BE(20)).toBe(20)
    const idatLength = png.readUInt32BE(33)
    expect(png.subarray(37, 41).toString('latin1')).toBe('IDAT')
    const pixels = inflateSync(png.subarray(41, 41 + idatLength))
    expect(pixels.length).toBe(20 * (1 + 40 * 3))
  })

  it('differs between hues', () => {
    expect(illustrationPng(10, 0, 8, 8).equals(illustrationPng(200, 0, 8, 8))).toBe(false)
  })
})
