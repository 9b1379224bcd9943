import { z } from 'zod'

import type { RevalidationTargets } from '@repo/queries/queries'

import { cacheTags } from '@/sanity/cache-tags'

const slug = z
  .string()
  .nullish()
  .transform((value) => value ?? undefined)
const ids = z
  .array(z.string().nullable())
  .nullish()
  .transform((values) => (values ?? []).filter((value) => value !== null))

/** The body `sanity-webhook.json`'s projection produces, on the lake and on hosted Sanity alike. */
export const webhookBody = z.object({
  _id: z.string().min(1),
  _type: z.string().min(1),
  slug,
  previousSlug: slug,
  tagIds: ids,
  previousTagIds: ids,
})
export type WebhookBody = z.output<typeof webhookBody>

/** The tag ids whose pages a change may have touched: the document's tags before and after. */
export function touchedTagIds(body: WebhookBody): string[] {
  return [...new Set([...body.tagIds, ...body.previousTagIds])]
}

/**
 * Exactly the cache tags a published change makes stale. An article changes its own page, every
 * list of articles, and its tags' pages (which also hold the "Similar posts" of the articles
 * sharing them); a tag, quote or picture changes the articles that show it.
 */
export function revalidationTags(body: WebhookBody, targets: RevalidationTargets): string[] {
  const tags = new Set<string>()
  const slugs = [body.slug, body.previousSlug].filter((value) => value !== undefined)
  const referencing = () => {
    for (const article of targets.articles) {
      tags.add(cacheTags.article(article.slug))
      for (const tag of article.tags) tags.add(cacheTags.tag(tag))
    }
    if (targets.articles.length > 0) tags.add(cacheTags.articles)
  }
  switch (body._type) {
    case 'article':
      tags.add(cacheTags.articles)
      for (const value of slugs) tags.add(cacheTags.article(value))
      for (const tag of targets.tagSlugs) tags.add(cacheTags.tag(tag))
      break
    case 'tag':
      tags.add(cacheTags.tags)
      for (const value of slugs) tags.add(cacheTags.tag(value))
      referencing()
      break
    default:
      referencing()
  }
  return [...tags]
}
