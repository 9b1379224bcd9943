import { httpError } from '../http/errors.ts'

/**
 * Bounds on what one transform may render, whatever its parameters. Sanity caps `w` and `h` at
 * 8192 each; the lake also bounds the pixels (a side derived from a very tall or wide original, a
 * crop's cover-scaled intermediate, every frame of an animation), and the blur: libvips's cost
 * grows with pixels × radius (`w=8192&h=8192&blur=2000` took 32.5 s of CPU).
 */
export const maxOutputPixels = 40_000_000
/** WebP's limit, the lowest of the output formats. */
export const maxOutputSide = 16_383
/**
 * `blur` × pixels: blur=2000 up to 2.4 megapixels, blur=120 at 40, about 2 s of CPU either way (a
 * 40-megapixel render without blur takes about as long).
 */
export const maxBlurCost = 4_800_000_000

export interface Size {
  width: number
  height: number
}

/** Throws a 400 when rendering `frames` frames of `size` (see renderedSize) would be too costly. */
export function checkOutputBounds(size: Size, frames: number, blur: number | undefined): void {
  const pixels = size.width * size.height * frames
  const described = `${size.width}×${size.height}${frames > 1 ? ` × ${frames} frames` : ''}`
  if (size.width > maxOutputSide || size.height > maxOutputSide || pixels > maxOutputPixels) {
    throw httpError(
      400,
      `The transformed image would be ${described} pixels; the lake renders at most ` +
        `${maxOutputPixels / 1_000_000} megapixels and ${maxOutputSide} pixels a side`,
    )
  }
  if (blur !== undefined && blur * pixels > maxBlurCost) {
    throw httpError(
      400,
      `Invalid value for image parameter "blur": "${blur}"; at ${described} pixels the lake ` +
        `blurs by at most ${Math.floor(maxBlurCost / pixels)} (ask for a smaller image)`,
    )
  }
}
