import Image from 'next/image'

import { imageSource } from '@/sanity/image'
import type { Picture } from '@/sanity/results'

interface SanityImageProps {
  picture: Picture | null | undefined
  sizes: string
  aspectRatio?: number
  priority?: boolean
  className?: string
}

/** A Picture through `next/image`: responsive, sized, blurred while loading; nothing if no asset. */
export function SanityImage({
  picture,
  sizes,
  aspectRatio,
  priority,
  className,
}: SanityImageProps) {
  const source = imageSource(picture, aspectRatio)
  if (!picture || !source) return null
  return (
    <Image
      src={source.src}
      width={source.width}
      height={source.height}
      alt={picture.alt}
      sizes={sizes}
      priority={priority}
      className={className}
      {...(source.blurDataURL ? { placeholder: 'blur', blurDataURL: source.blurDataURL } : {})}
    />
  )
}
