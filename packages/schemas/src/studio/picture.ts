import { ImageIcon } from '@sanity/icons/Image'
import { defineField, defineType } from 'sanity'

/** A reusable image with its editorial text. Named `picture` because Sanity reserves `image`. */
export const pictureType = defineType({
  name: 'picture',
  title: 'Image',
  type: 'document',
  icon: ImageIcon,
  fields: [
    defineField({
      name: 'image',
      title: 'Image',
      type: 'image',
      options: { hotspot: true },
      validation: (rule) => rule.required().assetRequired(),
    }),
    defineField({
      name: 'alt',
      title: 'Alternative text',
      type: 'string',
      description: 'What the image shows, for readers who cannot see it.',
      validation: (rule) => rule.required().min(3).max(160),
    }),
    defineField({
      name: 'caption',
      title: 'Caption',
      type: 'text',
      rows: 2,
      validation: (rule) => rule.max(300),
    }),
    defineField({
      name: 'credit',
      title: 'Credit',
      type: 'string',
      validation: (rule) => rule.max(120),
    }),
  ],
  preview: { select: { title: 'alt', subtitle: 'credit', media: 'image' } },
})
