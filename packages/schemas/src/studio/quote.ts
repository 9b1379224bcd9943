import { BlockquoteIcon } from '@sanity/icons/Blockquote'
import { defineField, defineType } from 'sanity'

export const quoteType = defineType({
  name: 'quote',
  title: 'Quote',
  type: 'document',
  icon: BlockquoteIcon,
  description: 'A quotation that articles can place in their body as a pull-quote.',
  fields: [
    defineField({
      name: 'text',
      title: 'Text',
      type: 'text',
      rows: 4,
      description: 'The words as said, without surrounding quotation marks.',
      validation: (rule) => [
        rule.required().min(2).max(1000),
        rule.custom((text) =>
          typeof text === 'string' && /^["“”]|["“”]$/.test(text.trim())
            ? 'Leave out the quotation marks: the site adds them.'
            : true,
        ),
      ],
    }),
    defineField({
      name: 'attribution',
      title: 'Attribution',
      type: 'string',
      description: 'Who said it.',
      validation: (rule) => rule.required().max(120),
    }),
    defineField({
      name: 'role',
      title: 'Role',
      type: 'string',
      description: 'e.g. "CEO of OpenAI".',
      validation: (rule) => rule.max(160),
    }),
    defineField({
      name: 'source',
      title: 'Source',
      type: 'string',
      description: 'Where it was said or published.',
      validation: (rule) => rule.max(200),
    }),
    defineField({ name: 'date', title: 'Date', type: 'date' }),
  ],
  preview: {
    select: { title: 'text', subtitle: 'attribution' },
  },
})
