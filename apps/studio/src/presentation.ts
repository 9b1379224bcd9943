import { map } from 'rxjs'
import type { DocumentLocation, DocumentLocationResolver } from 'sanity/presentation'
import { defineDocuments, presentationTool } from 'sanity/presentation'

interface Page {
  title: string | null
  slug: string | null
}

const articlePage = (article: Page): DocumentLocation[] =>
  article.slug
    ? [{ title: article.title ?? 'Untitled article', href: `/articles/${article.slug}` }]
    : []

/**
 * Which pages show a document: an article its own page and the front page, a tag its page and its
 * articles, a quote or an image the articles that use them. Live queries, so the list follows edits.
 */
const locate: DocumentLocationResolver = ({ id, type }, { documentStore }) => {
  const pages = (query: string) =>
    documentStore.listenQuery(query, { id }, { perspective: 'drafts' })
  if (type === 'article') {
    return pages(`*[_id == $id][0]{title, "slug": slug.current}`).pipe(
      map((article: Page | null) => ({
        locations: [...(article ? articlePage(article) : []), { title: 'Front page', href: '/' }],
      })),
    )
  }
  const usedIn = `*[_type == "article" && references($id)] | order(publishedAt desc){title, "slug": slug.current}`
  if (type === 'tag') {
    return pages(
      `{"tag": *[_id == $id][0]{title, "slug": slug.current}, "articles": ${usedIn}}`,
    ).pipe(
      map(({ tag, articles }: { tag: Page | null; articles: Page[] }) => ({
        locations: [
          ...(tag?.slug
            ? [{ title: `Tag: ${tag.title ?? tag.slug}`, href: `/tags/${tag.slug}` }]
            : []),
          ...articles.flatMap(articlePage),
        ],
      })),
    )
  }
  if (type === 'quote' || type === 'picture') {
    return pages(usedIn).pipe(
      map((articles: Page[]) =>
        articles.length > 0
          ? { locations: articles.flatMap(articlePage) }
          : { message: 'Not used in any article yet', tone: 'caution' as const },
      ),
    )
  }
  return null
}

/** The Presentation tool: the site in an iframe, in draft mode, with click-to-edit overlays. */
export function sitePresentation(siteUrl: string) {
  return presentationTool({
    previewUrl: {
      origin: siteUrl,
      preview: '/',
      previewMode: { enable: '/api/draft-mode/enable', disable: '/api/draft-mode/disable' },
    },
    resolve: {
      mainDocuments: defineDocuments([
        { route: '/articles/:slug', filter: `_type == "article" && slug.current == $slug` },
        { route: '/tags/:slug', filter: `_type == "tag" && slug.current == $slug` },
      ]),
      locations: locate,
    },
  })
}
