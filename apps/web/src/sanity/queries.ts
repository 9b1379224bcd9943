import { defineQuery } from 'next-sanity'
import { z } from 'zod'

import { articleCardResult, articleResult, tagResult } from './results'

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
    "articles": *[${publishedArticle} && references(^._id)] | order(publishedAt desc, _id asc)[0...$limit]{${cardProjection}}
  }`,
)
export const tagWithArticlesResult = tagResult
  .extend({
    description: z
      .string()
      .nullish()
      .transform((value) => value ?? undefined),
    articles: z.array(articleCardResult),
  })
  .nullable()
