import { imageSource } from '@/sanity/image'
import { responsiveImage } from '@/sanity/image-srcset'
import type { Picture } from '@repo/queries/results'

interface SanityImageProps {
  picture: Picture | null | undefined
  sizes: string
  aspectRatio?: number
  priority?: boolean
  className?: string
}

/**
 * A Picture as a plain `<img>` rendered on the server: responsive (`srcset` + `sizes`), sized so the
 * page never shifts, blurred (the asset's LQIP behind it) while loading, and no client JavaScript.
 * Nothing if the asset is missing.
 */
export function SanityImage({
  picture,
  sizes,
  aspectRatio,
  priority,
  className,
}: SanityImageProps) {
  const source = imageSource(picture, aspectRatio)
  if (!picture || !source) return null
  const { src, srcSet } = responsiveImage(source.src, source.width)
  return (
    // eslint-disable-next-line @next/next/no-img-element -- next/image would add client JavaScript
    <img
      src={src}
      srcSet={srcSet}
      sizes={sizes}
      width={source.width}
      height={source.height}
      alt={picture.alt}
      className={className}
      decoding="async"
      loading={priority ? 'eager' : 'lazy'}
      fetchPriority={priority ? 'high' : undefined}
      style={
        source.blurDataURL
          ? {
              backgroundImage: `url(${JSON.stringify(source.blurDataURL)})`,
              backgroundSize: 'cover',
            }
          : undefined
      }
    />
  )
}
