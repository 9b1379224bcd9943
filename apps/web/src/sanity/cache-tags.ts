/**
 * The names under which fetched content is cached, shared by the pages that read it and the
 * revalidation route that expires it. A page depends on:
 * - `articles`: any list of articles (home, feed, sitemap, the prerendered set);
 * - `article:<slug>`: one article's page;
 * - `tag:<slug>`: a tag's page and every "Similar posts" list ranked by that tag;
 * - `tags`: the index of tags.
 */
export const cacheTags = {
  articles: 'articles',
  article: (slug: string) => `article:${slug}`,
  tag: (slug: string) => `tag:${slug}`,
  tags: 'tags',
} as const
