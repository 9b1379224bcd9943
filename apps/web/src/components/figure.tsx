import type { Picture } from '@repo/queries/results'

import { SanityImage } from './sanity-image'

interface FigureProps {
  picture: Picture
  sizes: string
  priority?: boolean
}

/** An image with its caption and credit, as the editor wrote them. */
export function Figure({ picture, sizes, priority }: FigureProps) {
  const hasCaption = Boolean(picture.caption ?? picture.credit)
  return (
    <figure className="figure">
      <SanityImage picture={picture} sizes={sizes} priority={priority} />
      {hasCaption && (
        <figcaption>
          {picture.caption && <span className="figure-caption">{picture.caption}</span>}{' '}
          {picture.credit && <span className="figure-credit">{picture.credit}</span>}
        </figcaption>
      )}
    </figure>
  )
}
