import type { z } from 'zod'

import type {
  articleBySlugResult,
  articleIndexResult,
  articlePageResult,
  articleSlugsResult,
  latestArticlesResult,
  relatedArticlesResult,
  revalidationTargetsResult,
  searchResult,
  sitemapResult,
  tagIndexResult,
  tagSlugsResult,
  tagWithArticlesResult,
} from './queries.ts'
import type {
  ArticleBySlugQueryResult,
  ArticleIndexQueryResult,
  ArticlePageQueryResult,
  ArticleSlugsQueryResult,
  LatestArticlesQueryResult,
  RelatedArticlesQueryResult,
  RevalidationTargetsQueryResult,
  SearchQueryResult,
  SitemapQueryResult,
  TagIndexQueryResult,
  TagSlugsQueryResult,
  TagWithArticlesQueryResult,
} from './sanity.types.ts'

/**
 * Compile-time proof that each zod parser reads what its query returns, as TypeGen types the
 * query from the Studio's schema (sanity.types.ts): every field a parser reads is a field of the
 * query's result, at every depth, of the same kind (string, number, literal, object, array).
 * A field renamed or dropped in the schema or a projection, or a parser reading one that is not
 * there, fails `tsc`. Nulls and missing values are left aside: the parsers decide what a page can
 * live without (`nullish()`, dangling references filtered), and TypeGen cannot see what a filter
 * like `defined(slug.current)` guarantees.
 */

/** A value with every null and optional stripped, at every depth. */
type Present<T> = T extends readonly (infer Item)[]
  ? Present<NonNullable<Item>>[]
  : T extends object
    ? { [Key in keyof T]-?: Present<NonNullable<T[Key]>> }
    : T

/** True when every answer the query can give fits what the parser reads. */
type ReadsWhatQueryReturns<Parser extends z.ZodType, QueryResult> = [
  Present<NonNullable<QueryResult>>,
] extends [Present<NonNullable<z.input<Parser>>>]
  ? true
  : {
      parserInput: Present<NonNullable<z.input<Parser>>>
      queryResult: Present<NonNullable<QueryResult>>
    }

type Holds<Check extends true> = Check

export type ParsersMatchTypeGen = [
  Holds<ReadsWhatQueryReturns<typeof articleSlugsResult, ArticleSlugsQueryResult>>,
  Holds<ReadsWhatQueryReturns<typeof latestArticlesResult, LatestArticlesQueryResult>>,
  Holds<ReadsWhatQueryReturns<typeof articlePageResult, ArticlePageQueryResult>>,
  Holds<ReadsWhatQueryReturns<typeof articleBySlugResult, ArticleBySlugQueryResult>>,
  Holds<ReadsWhatQueryReturns<typeof relatedArticlesResult, RelatedArticlesQueryResult>>,
  Holds<ReadsWhatQueryReturns<typeof tagSlugsResult, TagSlugsQueryResult>>,
  Holds<ReadsWhatQueryReturns<typeof tagWithArticlesResult, TagWithArticlesQueryResult>>,
  Holds<ReadsWhatQueryReturns<typeof tagIndexResult, TagIndexQueryResult>>,
  Holds<ReadsWhatQueryReturns<typeof sitemapResult, SitemapQueryResult>>,
  Holds<ReadsWhatQueryReturns<typeof revalidationTargetsResult, RevalidationTargetsQueryResult>>,
  Holds<ReadsWhatQueryReturns<typeof searchResult, SearchQueryResult>>,
  Holds<ReadsWhatQueryReturns<typeof articleIndexResult, ArticleIndexQueryResult>>,
]
