import { defineArrayMember, defineField } from 'sanity'

const LINK_SCHEMES = ['http', 'https', 'mailto']

/**
 * The article body: paragraphs with h2/h3 headings, lists and links, plus references to reusable
 * Quote and Image documents so one quote or picture can serve several articles.
 */
export const bodyField = defineField({
  name: 'body',
  title: 'Body',
  type: 'array',
  of: [
    defineArrayMember({
      type: 'block',
      styles: [
        { title: 'Normal', value: 'normal' },
        { title: 'Heading 2', value: 'h2' },
        { title: 'Heading 3', value: 'h3' },
      ],
      lists: [
        { title: 'Bullet', value: 'bullet' },
        { title: 'Numbered', value: 'number' },
      ],
      marks: {
        decorators: [
          { title: 'Strong', value: 'strong' },
          { title: 'Emphasis', value: 'em' },
        ],
        annotations: [
          defineArrayMember({
            name: 'link',
            title: 'Link',
            type: 'object',
            fields: [
              defineField({
                name: 'href',
                title: 'URL',
                type: 'url',
                validation: (rule) =>
                  rule.required().uri({ scheme: LINK_SCHEMES, allowRelative: true }),
              }),
            ],
          }),
        ],
      },
    }),
    defineArrayMember({
      name: 'quoteReference',
      title: 'Quote',
      type: 'reference',
      to: [{ type: 'quote' }],
    }),
    defineArrayMember({
      name: 'pictureReference',
      title: 'Image',
      type: 'reference',
      to: [{ type: 'picture' }],
    }),
  ],
  validation: (rule) => rule.required().min(1),
})
