import { createImageUrlBuilder } from '@sanity/image-url'

import { env } from '@/env'

import type { Picture } from '@repo/queries/results'

const builder = createImageUrlBuilder({
  projectId: env.projectId,
  dataset: env.dataset,
  baseUrl: env.imageHost,
})

const LQIP = /^data:image\/(?:jpeg|png|webp|gif);base64,[A-Za-z0-9+/]+=*$/

export interface ImageSource {
  src: string
  width: number
  height: number
  blurDataURL: string | undefined
}

/**
 * The image of a Picture: a CDN URL that keeps the editor's crop and hotspot (`responsiveImage`
 * then asks for each width), plus intrinsic size and blur placeholder so the page never shifts.
 * Undefined when the asset is missing.
 */
export function imageSource(
  picture: Picture | null | undefined,
  aspectRatio?: number,
): ImageSource | undefined {
  const asset = picture?.image?.asset
  if (!picture?.image || !asset) return undefined
  // image-url needs a crop whenever it honours a hotspot; "no crop" is all zeroes.
  const crop = picture.image.crop ?? { top: 0, bottom: 0, left: 0, right: 0 }
  const cropWidth = asset.width * (1 - crop.left - crop.right)
  const cropHeight = asset.height * (1 - crop.top - crop.bottom)
  // The largest box of the wanted aspect ratio that fits the crop: never upscale.
  const ratio = aspectRatio ?? cropWidth / cropHeight
  const width = Math.round(Math.min(cropWidth, cropHeight * ratio))
  const height = Math.round(width / ratio)
  const url = builder
    .image({
      asset: { _ref: asset._id },
      crop,
      hotspot: picture.image.hotspot ?? undefined,
    })
    .width(width)
    .height(height)
    .fit('crop')
    .url()
  // The placeholder goes into a CSS `url()`: only an inline raster image is taken as one.
  const blurDataURL = asset.lqip && LQIP.test(asset.lqip) ? asset.lqip : undefined
  return { src: url, width, height, blurDataURL }
}
