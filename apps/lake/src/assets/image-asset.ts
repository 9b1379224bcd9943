import sharp from 'sharp'
import type { LakeDeps } from '../deps.ts'
import { httpError } from '../http/errors.ts'
import { decodePixels, withDecodeSlot } from '../images/decode-slots.ts'
import type { SanityDocument } from '../store/store.ts'
import { sha1Of, storeOriginal } from './stored-original.ts'
import type { AssetMeta } from './stored-original.ts'

/** Guard against decompression bombs: a small file must not decode into gigapixels. */
export const maxInputPixels = 100_000_000

/**
 * libvips streams JPEG, PNG and TIFF through in strips, but decodes AVIF, WebP and GIF a whole
 * frame at a time: a 457-byte AVIF declaring 6,553,616×12 pixels took 470 MB to refuse. For these
 * the limit is lower (still above a 48-megapixel phone photo).
 */
export const maxFramePixels = 50_000_000
const wholeFrameFormats = new Set(['heif', 'webp', 'gif'])

const formats: Record<string, { extension: string; mimeType: string }> = {
  jpeg: { extension: 'jpg', mimeType: 'image/jpeg' },
  png: { extension: 'png', mimeType: 'image/png' },
  webp: { extension: 'webp', mimeType: 'image/webp' },
  gif: { extension: 'gif', mimeType: 'image/gif' },
  heif: { extension: 'avif', mimeType: 'image/avif' },
  tiff: { extension: 'tif', mimeType: 'image/tiff' },
  svg: { extension: 'svg', mimeType: 'image/svg+xml' },
}

function hex(channel: number): string {
  return Math.round(channel).toString(16).padStart(2, '0')
}

function swatch(r: number, g: number, b: number) {
  const luminance = (0.299 * r + 0.587 * g + 0.114 * b) / 255
  const foreground = luminance > 0.6 ? '#000' : '#fff'
  return {
    _type: 'sanity.imagePaletteSwatch',
    background: `#${hex(r)}${hex(g)}${hex(b)}`,
    foreground,
    population: 1,
    title: foreground,
  }
}

interface Inspected {
  format: { extension: string; mimeType: string }
  width: number
  height: number
  hasAlpha: boolean
  isOpaque: boolean
  dominant: { r: number; g: number; b: number }
  lqip: string
}

async function inspect(bytes: Buffer): Promise<Inspected> {
  const open = () => sharp(bytes, { limitInputPixels: maxInputPixels, failOn: 'warning' })
  try {
    const metadata = await open().metadata()
    const format =
      formats[
        metadata.format === 'heif' && metadata.compression !== 'av1'
          ? 'unsupported'
          : metadata.format
      ]
    if (!format || !metadata.width || !metadata.height) throw new Error('unsupported image format')
    if (
      wholeFrameFormats.has(metadata.format) &&
      metadata.width * metadata.height > maxFramePixels
    ) {
      throw new Error(
        `${metadata.width}×${metadata.height} pixels is over the limit of ${maxFramePixels} for ${format.extension}`,
      )
    }
    // stats() decodes every pixel, which is what catches truncated files.
    const [stats, lqip] = await withDecodeSlot(
      decodePixels(metadata.width, metadata.height),
      async () => [
        await open().stats(),
        await open().rotate().resize(20, 20, { fit: 'inside' }).jpeg({ quality: 40 }).toBuffer(),
      ],
    )
    // EXIF orientations 5–8 are rotated by 90°: Sanity reports the displayed dimensions.
    const swap = (metadata.orientation ?? 1) >= 5
    return {
      format,
      width: swap ? metadata.height : metadata.width,
      height: swap ? metadata.width : metadata.height,
      hasAlpha: metadata.hasAlpha,
      isOpaque: stats.isOpaque,
      dominant: stats.dominant,
      lqip: `data:image/jpeg;base64,${lqip.toString('base64')}`,
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw httpError(400, `Invalid image, could not read metadata: ${reason}`)
  }
}

/**
 * Validates an uploaded image, stores the original by content hash and returns the
 * `sanity.imageAsset` document for it (not yet committed).
 */
export async function prepareImageAsset(
  deps: Pick<LakeDeps, 'assets' | 'projectId' | 'publicUrl'>,
  dataset: string,
  bytes: Buffer,
  meta: AssetMeta,
): Promise<SanityDocument> {
  if (bytes.length === 0) throw httpError(400, 'Empty upload body')
  const image = await inspect(bytes)
  const sha1 = sha1Of(bytes)
  const { extension, mimeType } = image.format
  const dimensions = `${image.width}x${image.height}`
  const { r, g, b } = image.dominant
  return {
    _id: `image-${sha1}-${dimensions}-${extension}`,
    _type: 'sanity.imageAsset',
    ...(await storeOriginal(deps, dataset, bytes, meta, {
      kind: 'images',
      sha1,
      name: `${sha1}-${dimensions}.${extension}`,
      extension,
      mimeType,
    })),
    metadata: {
      _type: 'sanity.imageMetadata',
      dimensions: {
        _type: 'sanity.imageDimensions',
        width: image.width,
        height: image.height,
        aspectRatio: image.width / image.height,
      },
      hasAlpha: image.hasAlpha,
      isOpaque: image.isOpaque,
      lqip: image.lqip,
      palette: { _type: 'sanity.imagePalette', dominant: swatch(r, g, b) },
    },
  }
}
