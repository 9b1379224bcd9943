import sharp from 'sharp'
import type { Sharp } from 'sharp'
import { maxInputPixels } from '../assets/image-asset.ts'
import { httpError } from '../http/errors.ts'
import { decodePixels, withDecodeSlot } from './decode-slots.ts'
import { checkOutputBounds } from './output-bounds.ts'
import type { Size } from './output-bounds.ts'
import type { OutputFormat, TransformParams } from './transform-params.ts'

const mimeTypes: Record<OutputFormat, string> = {
  jpg: 'image/jpeg',
  pjpg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  avif: 'image/avif',
  gif: 'image/gif',
}

export function mimeTypeOf(format: OutputFormat): string {
  return mimeTypes[format]
}

export function extensionOf(format: OutputFormat): string {
  return format === 'pjpg' ? 'jpg' : format
}

function background(bg: string | undefined, fallback: string): string {
  if (!bg) return fallback
  // imgix/Sanity use ARGB for 8 digits; CSS wants RGBA.
  if (bg.length === 8) return `#${bg.slice(2)}${bg.slice(0, 2)}`
  return `#${bg}`
}

const gravities: Record<string, string> = {
  top: 'north',
  bottom: 'south',
  left: 'west',
  right: 'east',
  'top,left': 'northwest',
  'top,right': 'northeast',
  'bottom,left': 'southwest',
  'bottom,right': 'southeast',
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max)
}

/** Target box after dpr and the max-/min- limits; undefined sides keep the aspect ratio. */
function targetBox(params: TransformParams, source: Size) {
  const scale = (value: number | undefined) =>
    value === undefined ? undefined : Math.round(value * params.dpr)
  let w = scale(params.w)
  let h = scale(params.h)
  if (params.maxW !== undefined) w = Math.min(w ?? source.width, scale(params.maxW) ?? Infinity)
  if (params.maxH !== undefined) h = Math.min(h ?? source.height, scale(params.maxH) ?? Infinity)
  if (params.minW !== undefined) w = Math.max(w ?? 0, scale(params.minW) ?? 0)
  if (params.minH !== undefined) h = Math.max(h ?? 0, scale(params.minH) ?? 0)
  return {
    w: w === undefined ? undefined : clamp(w, 1, 8192),
    h: h === undefined ? undefined : clamp(h, 1, 8192),
  }
}

function crop(image: Sharp, params: TransformParams, source: Size, w: number, h: number): Sharp {
  if (
    params.crop.includes('focalpoint') &&
    (params.fpX !== undefined || params.fpY !== undefined)
  ) {
    // Scale to cover the box, then cut the box out around the focal point.
    const scale = Math.max(w / source.width, h / source.height)
    const width = Math.max(w, Math.round(source.width * scale))
    const height = Math.max(h, Math.round(source.height * scale))
    const left = clamp(Math.round((params.fpX ?? 0.5) * width - w / 2), 0, width - w)
    const top = clamp(Math.round((params.fpY ?? 0.5) * height - h / 2), 0, height - h)
    return image.resize(width, height, { fit: 'fill' }).extract({ left, top, width: w, height: h })
  }
  const mode = params.crop.filter((value) => value !== 'focalpoint').join(',')
  const position =
    mode === 'entropy' || mode === 'edges'
      ? sharp.strategy.entropy
      : mode === 'faces'
        ? sharp.strategy.attention
        : (gravities[mode] ?? 'centre')
  return image.resize(w, h, { fit: 'cover', position })
}

/**
 * The largest image resize() makes of `source`: the output, or the cover-scaled image a crop is
 * cut from (a 8192×1 crop of a square is cut from 8192×8192).
 */
export function renderedSize(params: TransformParams, source: Size): Size {
  const { w, h } = targetBox(params, source)
  if (w === undefined && h === undefined) return source
  const inside = (enlarge: boolean): Size => {
    const factor = Math.min(
      w === undefined ? Infinity : w / source.width,
      h === undefined ? Infinity : h / source.height,
      enlarge ? Infinity : 1,
    )
    return {
      width: Math.max(1, Math.round(source.width * factor)),
      height: Math.max(1, Math.round(source.height * factor)),
    }
  }
  if (w === undefined || h === undefined)
    return inside(params.fit !== 'max' && params.fit !== 'fillmax')
  switch (params.fit) {
    case 'max':
      return inside(false)
    case 'clip':
      return inside(true)
    case 'scale':
    case 'fill':
    case 'fillmax':
      return { width: w, height: h }
    case 'min':
    case 'crop': {
      // fit=min shrinks the box to fit the source first (see resize).
      const shrink = params.fit === 'min' ? Math.min(1, source.width / w, source.height / h) : 1
      const box = { width: Math.max(1, w * shrink), height: Math.max(1, h * shrink) }
      const cover = Math.max(box.width / source.width, box.height / source.height)
      return {
        width: Math.max(Math.round(box.width), Math.round(source.width * cover)),
        height: Math.max(Math.round(box.height), Math.round(source.height * cover)),
      }
    }
  }
}

function resize(image: Sharp, params: TransformParams, source: Size): Sharp {
  let { w, h } = targetBox(params, source)
  if (w === undefined && h === undefined) return image
  const bg = background(params.bg, '#ffffff00')
  const both = w !== undefined && h !== undefined
  switch (params.fit) {
    case 'max':
      return image.resize(w, h, { fit: 'inside', withoutEnlargement: true })
    case 'scale':
      return image.resize(w, h, { fit: both ? 'fill' : 'inside' })
    case 'fill':
      return image.resize(w, h, { fit: both ? 'contain' : 'inside', background: bg })
    case 'fillmax': {
      if (!both || w === undefined || h === undefined)
        return image.resize(w, h, { fit: 'inside', withoutEnlargement: true })
      const factor = Math.min(1, w / source.width, h / source.height)
      const width = Math.max(1, Math.round(source.width * factor))
      const height = Math.max(1, Math.round(source.height * factor))
      const left = Math.floor((w - width) / 2)
      const top = Math.floor((h - height) / 2)
      return image
        .resize(width, height, { fit: 'fill' })
        .extend({ left, top, right: w - width - left, bottom: h - height - top, background: bg })
    }
    case 'min':
    case 'crop': {
      if (w === undefined || h === undefined) return image.resize(w, h, { fit: 'inside' })
      if (params.fit === 'min') {
        // Same aspect ratio as requested, but never larger than the source.
        const factor = Math.min(1, source.width / w, source.height / h)
        w = Math.max(1, Math.round(w * factor))
        h = Math.max(1, Math.round(h * factor))
      }
      return crop(image, params, source, w, h)
    }
    case 'clip':
      return image.resize(w, h, { fit: 'inside' })
  }
}

/** GIF and WebP output keep every frame of an animation; the other formats take the first. */
function animatedOutput(format: OutputFormat): boolean {
  return format === 'gif' || format === 'webp'
}

/** Renders one variant of an original with sharp according to @sanity/image-url parameters. */
export async function renderImage(
  original: Buffer,
  params: TransformParams,
  format: OutputFormat,
): Promise<Buffer> {
  const open = () =>
    sharp(original, {
      limitInputPixels: maxInputPixels,
      animated: animatedOutput(format),
    })
  const metadata = await open().metadata()
  return withDecodeSlot(decodePixels(metadata.width, metadata.height), () =>
    render(open, metadata, params, format),
  )
}

/** The part of `source` that `rect` (x, y, width, height) covers. */
function rectWithin([left, top, width, height]: [number, number, number, number], source: Size) {
  if (left >= source.width || top >= source.height)
    throw httpError(400, 'Image parameter "rect" is outside the image')
  return {
    left,
    top,
    width: Math.min(width, source.width - left),
    height: Math.min(height, source.height - top),
  }
}

async function render(
  open: () => Sharp,
  metadata: sharp.Metadata,
  params: TransformParams,
  format: OutputFormat,
): Promise<Buffer> {
  // rect and fit work in displayed pixels, i.e. after EXIF orientation (5–8 swap the axes).
  const width = metadata.width
  const height = metadata.pageHeight ?? metadata.height
  const swap = (metadata.orientation ?? 1) >= 5
  const frames = animatedOutput(format) ? (metadata.pages ?? 1) : 1
  let image = open().rotate()
  let source: Size = swap ? { width: height, height: width } : { width, height }
  const region = params.rect && rectWithin(params.rect, source)
  if (region) source = { width: region.width, height: region.height }
  // Before any pixel is decoded.
  checkOutputBounds(renderedSize(params, source), frames, params.blur)
  if (region) {
    image = image.extract(region)
    // sharp applies one resize per pipeline; materialise the crop so resize sees the new size.
    image = sharp(await image.toBuffer(), { limitInputPixels: maxInputPixels })
  }
  image = resize(image, params, source)
  if (params.flip?.includes('h')) image = image.flop()
  if (params.flip?.includes('v')) image = image.flip()
  if (params.orientation) image = image.rotate(params.orientation)
  if (params.blur) image = image.blur(clamp(params.blur / 8, 0.3, 1000))
  if (params.sharpen) image = image.sharpen({ sigma: 0.5 + params.sharpen / 50 })
  if (params.invert) image = image.negate({ alpha: false })
  const quality = params.q ?? 75
  switch (format) {
    case 'jpg':
    case 'pjpg':
      return image
        .flatten({ background: background(params.bg, '#ffffff') })
        .jpeg({ quality, progressive: format === 'pjpg' })
        .toBuffer()
    case 'png':
      return image.png().toBuffer()
    case 'webp':
      return image.webp({ quality }).toBuffer()
    case 'avif':
      return image.avif({ quality: Math.max(1, quality - 20), effort: 2 }).toBuffer()
    case 'gif':
      return image.gif().toBuffer()
  }
}
