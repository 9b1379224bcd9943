import { DocumentTextIcon } from '@sanity/icons/DocumentText'
import { defineArrayMember, defineField, defineType } from 'sanity'

import { bodyField } from './body.ts'

export const articleType = defineType({
  name: 'article',
  title: 'Article',
  type: 'document',
  icon: DocumentTextIcon,
  groups: [
    { name: 'content', title: 'Content', default: true },
    { name: 'seo', title: 'SEO' },
  ],
  fields: [
    defineField({
      name: 'title',
      title: 'Title',
      type: 'string',
      group: 'content',
      validation: (rule) => rule.required().min(5).max(120),
    }),
    defineField({
      name: 'slug',
      title: 'Slug',
      type: 'slug',
      group: 'content',
      description: 'The article’s address: /articles/<slug>. Changing it breaks existing links.',
      options: { source: 'title', maxLength: 96 },
      validation: (rule) => rule.required(),
    }),
    defineField({
      name: 'subtitle',
      title: 'Dek',
      type: 'string',
      group: 'content',
      description: 'One line under the headline that says why the piece matters.',
      validation: (rule) => rule.required().max(200),
    }),
    defineField({
      name: 'author',
      title: 'Byline',
      type: 'string',
      group: 'content',
      validation: (rule) => rule.required().max(100),
    }),
    defineField({
      name: 'publishedAt',
      title: 'Published at',
      type: 'datetime',
      group: 'content',
      initialValue: () => new Date().toISOString(),
      validation: (rule) => rule.required(),
    }),
    defineField({
      name: 'heroImage',
      title: 'Hero image',
      type: 'reference',
      group: 'content',
      to: [{ type: 'picture' }],
    }),
    { ...bodyField, group: 'content' },
    defineField({
      name: 'tags',
      title: 'Tags',
      type: 'array',
      group: 'content',
      of: [defineArrayMember({ type: 'reference', to: [{ type: 'tag' }] })],
      validation: (rule) => rule.required().min(1).max(12).unique(),
    }),
    defineField({
      name: 'seoTitle',
      title: 'SEO title',
      type: 'string',
      group: 'seo',
      description: 'The title search engines and social cards show; the headline when empty.',
      validation: (rule) => rule.max(70).warning('Search engines cut titles beyond ~70 characters.'),
    }),
    defineField({
      name: 'excerpt',
      title: 'Excerpt',
      type: 'text',
      rows: 3,
      group: 'seo',
      description: 'The summary shown in lists, feeds and search results.',
      validation: (rule) => rule.max(300),
    }),
  ],
  orderings: [
    {
      title: 'Newest first',
      name: 'publishedAtDesc',
      by: [{ field: 'publishedAt', direction: 'desc' }],
    },
  ],
  preview: {
    select: { title: 'title', subtitle: 'author', date: 'publishedAt' },
    prepare: ({ title, subtitle, date }: { title?: string; subtitle?: string; date?: string }) => ({
      title,
      subtitle: [subtitle, date?.slice(0, 10)].filter(Boolean).join(' · '),
    }),
  },
})
