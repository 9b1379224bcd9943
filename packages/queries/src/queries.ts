import { defineQuery } from 'groq'
import { z } from 'zod'

import { articleCardResult, articleResult, tagResult } from './results.ts'

/** Every GROQ query of the site, each paired with the zod parser of its result. */

const pictureProjection = /* groq */ `{
  _id,
  alt,
  caption,
  credit,
  "image": image{
    hotspot,
    crop,
    "asset": asset->{
      _id,
      url,
      "width": metadata.dimensions.width,
      "height": metadata.dimensions.height,
      "lqip": metadata.lqip
    }
  }
}`

const cardProjection = /* groq */ `
  _id,
  title,
  "slug": slug.current,
  subtitle,
  excerpt,
  author,
  publishedAt,
  "heroImage": heroImage->${pictureProjection},
  "tags": tags[]->{ _id, title, "slug": slug.current }
`

const publishedArticle = /* groq */ `_type == "article" && defined(slug.current)`

export const articleSlugsQuery = defineQuery(
  `*[${publishedArticle}] | order(publishedAt desc)[0...$limit].slug.current`,
)
export const articleSlugsResult = z.array(z.string())

export const latestArticlesQuery = defineQuery(
  `*[${publishedArticle}] | order(publishedAt desc, _id asc)[0...$limit]{${cardProjection}}`,
)
export const latestArticlesResult = z.array(articleCardResult)

/** One page of the newest articles (`$start` inclusive, `$end` exclusive) and how many there are. */
export const articlePageQuery = defineQuery(
  `{
    "total": count(*[${publishedArticle}]),
    "articles": *[${publishedArticle}] | order(publishedAt desc, _id asc)[$start...$end]{${cardProjection}}
  }`,
)
export const articlePageResult = z.object({
  total: z.number().int().nonnegative(),
  articles: z.array(articleCardResult),
})

export const articleBySlugQuery = defineQuery(
  `*[${publishedArticle} && slug.current == $slug][0]{
    ${cardProjection},
    seoTitle,
    "body": body[]{
      ...,
      _type == "quoteReference" => { "quote": @->{ _id, text, attribution, role, source } },
      _type == "pictureReference" => { "picture": @->${pictureProjection} }
    }
  }`,
)
export const articleBySlugResult = articleResult.nullable()

/**
 * Other published articles ranked by how many tags they share with the current one, then by
 * recency. Articles sharing no tag are not "similar" and are left out; so are drafts and the
 * article itself.
 */
export const relatedArticlesQuery = defineQuery(
  `*[${publishedArticle} && _id != $id && !(_id in path("drafts.**")) && !(_id in path("versions.**"))]{
    "sharedTags": count((tags[]._ref)[@ in $tagIds]),
    ${cardProjection}
  }[sharedTags > 0] | order(sharedTags desc, publishedAt desc, _id asc)[0...$limit]`,
)
export const relatedArticlesResult = z.array(articleCardResult)

export const tagSlugsQuery = defineQuery(
  `*[_type == "tag" && defined(slug.current)] | order(slug.current asc)[0...$limit].slug.current`,
)
export const tagSlugsResult = z.array(z.string())

export const tagWithArticlesQuery = defineQuery(
  `*[_type == "tag" && slug.current == $slug][0]{
    _id,
    title,
    "slug": slug.current,
    description,
    "total": count(*[${publishedArticle} && references(^._id)]),
    "articles": *[${publishedArticle} && references(^._id)] | order(publishedAt desc, _id asc)[$start...$end]{${cardProjection}}
  }`,
)
export const tagWithArticlesResult = tagResult
  .extend({
    description: z
      .string()
      .nullish()
      .transform((value) => value ?? undefined),
    total: z.number().int().nonnegative(),
    articles: z.array(articleCardResult),
  })
  .nullable()

/** Every tag with a slug, alphabetically, with how many published articles it files. */
export const tagIndexQuery = defineQuery(
  `*[_type == "tag" && defined(slug.current)] | order(lower(title) asc){
    _id,
    title,
    "slug": slug.current,
    description,
    "articleCount": count(*[${publishedArticle} && references(^._id)])
  }`,
)
export const tagIndexResult = z.array(
  tagResult.extend({
    description: z
      .string()
      .nullish()
      .transform((value) => value ?? undefined),
    articleCount: z.number().int().nonnegative(),
  }),
)

/** Addresses and last changes of every article (newest first, up to `$limit`) and tag. */
export const sitemapQuery = defineQuery(
  `{
    "articles": *[${publishedArticle}] | order(publishedAt desc)[0...$limit]{ "slug": slug.current, _updatedAt },
    "tags": *[_type == "tag" && defined(slug.current)]{ "slug": slug.current, _updatedAt }
  }`,
)
const sitemapEntry = z.object({ slug: z.string(), _updatedAt: z.string().nullish() })
export const sitemapResult = z.object({
  articles: z.array(sitemapEntry),
  tags: z.array(sitemapEntry),
})

/**
 * What a changed document touches, for revalidation: the slugs of the tags it names and the
 * articles that reference it (with their tags). Joins happen here, not in the webhook projection,
 * so the same webhook works on hosted Sanity.
 */
export const revalidationTargetsQuery = defineQuery(
  `{
    "tagSlugs": *[_type == "tag" && _id in $tagIds].slug.current,
    "articles": *[${publishedArticle} && references($id)]{
      "slug": slug.current,
      "tags": tags[]->slug.current
    }
  }`,
)
export const revalidationTargetsResult = z.object({
  tagSlugs: z.array(z.string()),
  articles: z.array(
    z.object({
      slug: z.string(),
      tags: z
        .array(z.string().nullable())
        .nullish()
        .transform((tags) => (tags ?? []).filter((tag) => tag !== null)),
    }),
  ),
})
/** Slugs of the tags a document names, and the published articles referencing it, parsed. */
export type RevalidationTargets = z.output<typeof revalidationTargetsResult>

// Search: `$terms` holds the reader's words as GROQ parameters (never spliced into the query), each a
// prefix pattern like "sput*"; a document matches when it holds every word, in any of its fields.
// Title outranks dek and tags, which outrank the body.
const searchFilter = /* groq */ `${publishedArticle} && !(_id in path("drafts.**")) &&
  [title, subtitle, pt::text(body), ...coalesce(tags[]->title, [])] match $terms`

/** One page of published articles matching the reader's words, best first, with their body text. */
export const searchQuery = defineQuery(
  `{
    "total": count(*[${searchFilter}]),
    "results": *[${searchFilter}]
      | score(
          boost(title match $terms, 5),
          boost(subtitle match $terms, 3),
          boost(tags[]->title match $terms, 2),
          pt::text(body) match $terms
        )
      | order(_score desc, publishedAt desc, _id asc)[$start...$end]{
        ${cardProjection},
        "text": pt::text(body)
      }
  }`,
)
export const searchResult = z.object({
  total: z.number().int().nonnegative(),
  results: z.array(
    articleCardResult.extend({
      text: z
        .string()
        .nullish()
        .transform((value) => value ?? ''),
    }),
  ),
})

/** Every published article for llms.txt, newest first. */
export const articleIndexQuery = defineQuery(
  `*[${publishedArticle}] | order(publishedAt desc, _id asc)[0...$limit]{
    title,
    "slug": slug.current,
    subtitle,
    excerpt
  }`,
)
export const articleIndexResult = z.array(
  articleCardResult.pick({ title: true, slug: true, subtitle: true, excerpt: true }),
)
