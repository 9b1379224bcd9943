/**
 * How many documents the site asks for with each query (`$limit`, or `$start`/`$end` of a page),
 * shared with the bench so it measures the queries as the site sends them.
 */

/** Stories per page of the home list and its older pages (`articlePageQuery`). */
export const HOME_PAGE_SIZE = 10

/** Articles per page of a tag (`tagWithArticlesQuery`). */
export const TAG_PAGE_SIZE = 20

/** Results per page of a search (`searchQuery`). */
export const SEARCH_PAGE_SIZE = 10

/** Similar articles under an article (`relatedArticlesQuery`). */
export const SIMILAR_LIMIT = 3

/** Newest articles prerendered at build; older ones render on first request (`articleSlugsQuery`). */
export const PRERENDERED_ARTICLES = 50

/** Tags prerendered at build; the rest render on first request (`tagSlugsQuery`). */
export const PRERENDERED_TAGS = 100

/** Articles in the RSS feed (`latestArticlesQuery`). */
export const FEED_LIMIT = 20

/** Enough for the publication's whole archive while keeping llms.txt a reasonable read (`articleIndexQuery`). */
export const LLMS_LIMIT = 5_000

/** One sitemap holds at most 50,000 addresses (`sitemapQuery`). */
export const SITEMAP_LIMIT = 45_000
