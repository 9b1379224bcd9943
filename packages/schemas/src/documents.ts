import { z } from 'zod'

import { bodySchema, referenceSchema } from './portable-text.ts'

/**
 * zod models of the documents as stored in the lake, mirroring the Studio schema types in
 * `studio/`: the same required fields and limits, so content that passes one passes the other.
 */

const systemFields = {
  _id: z.string().min(1),
  _rev: z.string().optional(),
  _createdAt: z.iso.datetime({ offset: true }).optional(),
  _updatedAt: z.iso.datetime({ offset: true }).optional(),
}

export const slugSchema = z.object({
  _type: z.literal('slug'),
  current: z
    .string()
    .min(1)
    .max(96)
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lowercase words joined by hyphens'),
})

const keyedReferenceSchema = referenceSchema.extend({ _key: z.string() })

const hasNoQuotationMarks = (text: string) => !/^["“”]|["“”]$/.test(text.trim())

export const tagDocumentSchema = z.object({
  ...systemFields,
  _type: z.literal('tag'),
  title: z.string().min(2).max(40),
  slug: slugSchema,
  description: z.string().max(280).optional(),
})

export const quoteDocumentSchema = z.object({
  ...systemFields,
  _type: z.literal('quote'),
  text: z.string().min(2).max(1000).refine(hasNoQuotationMarks, 'no surrounding quotation marks'),
  attribution: z.string().min(1).max(120),
  role: z.string().max(160).optional(),
  source: z.string().max(200).optional(),
  date: z.iso.date().optional(),
})

export const imageFieldSchema = z.object({
  _type: z.literal('image'),
  asset: referenceSchema,
  hotspot: z
    .object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() })
    .partial()
    .optional(),
  crop: z
    .object({ top: z.number(), bottom: z.number(), left: z.number(), right: z.number() })
    .partial()
    .optional(),
})

export const pictureDocumentSchema = z.object({
  ...systemFields,
  _type: z.literal('picture'),
  image: imageFieldSchema,
  alt: z.string().min(3).max(160),
  caption: z.string().max(300).optional(),
  credit: z.string().max(120).optional(),
})

export const articleDocumentSchema = z.object({
  ...systemFields,
  _type: z.literal('article'),
  title: z.string().min(5).max(120),
  slug: slugSchema,
  subtitle: z.string().min(1).max(200),
  author: z.string().min(1).max(100),
  publishedAt: z.iso.datetime({ offset: true }),
  heroImage: referenceSchema.optional(),
  body: bodySchema.min(1),
  tags: z
    .array(keyedReferenceSchema)
    .min(1)
    .max(12)
    .refine((tags) => new Set(tags.map((tag) => tag._ref)).size === tags.length, 'unique tags'),
  seoTitle: z.string().max(70).optional(),
  excerpt: z.string().max(300).optional(),
})

/** Any document of the publication's own types. */
export const publicationDocumentSchema = z.discriminatedUnion('_type', [
  articleDocumentSchema,
  quoteDocumentSchema,
  pictureDocumentSchema,
  tagDocumentSchema,
])

export type TagDocument = z.infer<typeof tagDocumentSchema>
export type QuoteDocument = z.infer<typeof quoteDocumentSchema>
export type PictureDocument = z.infer<typeof pictureDocumentSchema>
export type ArticleDocument = z.infer<typeof articleDocumentSchema>
export type PublicationDocument = z.infer<typeof publicationDocumentSchema>
