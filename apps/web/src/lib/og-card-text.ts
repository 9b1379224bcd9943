import { stegaClean } from '@sanity/client/stega'

import { formatDate } from './format-date'

export interface OgCardArticle {
  title?: string | null
  author?: string | null
  publishedAt?: string | null
}

/**
 * The text of an article's share card. In draft mode the article's strings carry stega markers
 * (invisible characters saying where each came from, for the Studio's overlays); a browser hides
 * them, but Satori draws each as a box, so the card reads them without.
 */
export function ogCardText(article: OgCardArticle | null | undefined): {
  title: string
  byline: string
} {
  const clean = stegaClean(article)
  const title = clean?.title ?? 'Cybermediateinment'
  const byline = [clean?.author, formatDate(clean?.publishedAt ?? undefined)]
    .filter(Boolean)
    .join(' · ')
  return { title, byline }
}
