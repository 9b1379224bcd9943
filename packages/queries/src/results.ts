import { z } from 'zod'

import { blockSchema } from '@repo/schemas/portable-text'

/**
 * zod models of what the site's queries return. Content is external input: optional fields may be
 * null or missing and references may dangle, so the models say what the page can live without.
 */

const optionalText = z
  .string()
  .nullish()
  .transform((value) => value ?? undefined)

export const imageAssetResult = z.object({
  _id: z.string(),
  url: z.string(),
  width: z.number().positive(),
  height: z.number().positive(),
  lqip: optionalText,
})

export const pictureResult = z.object({
  _id: z.string(),
  alt: z
    .string()
    .nullish()
    .transform((value) => value ?? ''),
  caption: optionalText,
  credit: optionalText,
  image: z
    .object({
      asset: imageAssetResult.nullish(),
      hotspot: z
        .object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() })
        .nullish()
        .catch(null),
      crop: z
        .object({ top: z.number(), bottom: z.number(), left: z.number(), right: z.number() })
        .nullish()
        .catch(null),
    })
    .nullish(),
})

export const tagResult = z.object({
  _id: z.string(),
  title: z.string(),
  slug: z.string(),
})

export const quoteResult = z.object({
  _id: z.string(),
  text: z.string(),
  attribution: optionalText,
  role: optionalText,
  source: optionalText,
})

const bodyMember = z.discriminatedUnion('_type', [
  blockSchema,
  z.object({ _type: z.literal('quoteReference'), _key: z.string(), quote: quoteResult.nullish() }),
  z.object({
    _type: z.literal('pictureReference'),
    _key: z.string(),
    picture: pictureResult.nullish(),
  }),
])

/** Unknown member types (added to the schema later) are dropped rather than failing the page. */
export const bodyResult = z
  .array(z.unknown())
  .nullish()
  .transform((members) =>
    (members ?? []).flatMap((member) => {
      const parsed = bodyMember.safeParse(member)
      return parsed.success ? [parsed.data] : []
    }),
  )

export const articleCardResult = z.object({
  _id: z.string(),
  title: z.string(),
  slug: z.string(),
  subtitle: optionalText,
  excerpt: optionalText,
  author: optionalText,
  publishedAt: optionalText,
  heroImage: pictureResult.nullish(),
  tags: z
    .array(tagResult.nullable())
    .nullish()
    .transform((tags) => (tags ?? []).filter((tag) => tag !== null)),
})

export const articleResult = articleCardResult.extend({
  seoTitle: optionalText,
  body: bodyResult,
})

export type ImageAsset = z.infer<typeof imageAssetResult>
export type Picture = z.infer<typeof pictureResult>
export type Tag = z.infer<typeof tagResult>
export type Quote = z.infer<typeof quoteResult>
export type BodyMember = z.infer<typeof bodyResult>[number]
export type ArticleCard = z.infer<typeof articleCardResult>
export type Article = z.infer<typeof articleResult>
