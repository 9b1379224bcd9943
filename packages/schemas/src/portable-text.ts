import { z } from 'zod'

export const referenceSchema = z.object({
  _type: z.literal('reference'),
  _ref: z.string().min(1),
  _key: z.string().optional(),
  _weak: z.boolean().optional(),
})

const spanSchema = z.object({
  _type: z.literal('span'),
  _key: z.string(),
  text: z.string(),
  marks: z.array(z.string()).default([]),
})

const linkSchema = z.object({
  _type: z.literal('link'),
  _key: z.string(),
  href: z.string(),
})

export const blockSchema = z.object({
  _type: z.literal('block'),
  _key: z.string(),
  style: z.enum(['normal', 'h2', 'h3']).default('normal'),
  listItem: z.enum(['bullet', 'number']).optional(),
  level: z.number().int().positive().optional(),
  markDefs: z.array(linkSchema).default([]),
  children: z.array(spanSchema),
})

export const quoteReferenceSchema = referenceSchema.extend({
  _type: z.literal('quoteReference'),
  _key: z.string(),
})

export const pictureReferenceSchema = referenceSchema.extend({
  _type: z.literal('pictureReference'),
  _key: z.string(),
})

/** The stored body: text blocks and references to Quote and Image documents. */
export const bodySchema = z.array(
  z.discriminatedUnion('_type', [blockSchema, quoteReferenceSchema, pictureReferenceSchema]),
)

export type Block = z.infer<typeof blockSchema>
export type Body = z.infer<typeof bodySchema>
