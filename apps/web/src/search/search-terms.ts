/** The longest search a reader can send; more is cut off, not an error. */
export const MAX_QUERY_LENGTH = 200

export interface SearchInput {
  /** The text searched for, trimmed and cut to the limit. */
  query: string
  truncated: boolean
}

/** The reader's `q` as the search uses it: one string, whitespace collapsed, bounded in length. */
export function searchInput(raw: string | string[] | undefined): SearchInput {
  const text = (Array.isArray(raw) ? raw[0] : raw) ?? ''
  const collapsed = text.replace(/\s+/g, ' ').trim()
  return {
    query: collapsed.slice(0, MAX_QUERY_LENGTH).trim(),
    truncated: collapsed.length > MAX_QUERY_LENGTH,
  }
}

/** At most this many words are searched for; each one narrows the results. */
const MAX_WORDS = 12

/** The words a reader typed, as GROQ's `match` sees them: letters and digits, lower case. */
export function searchWords(query: string): string[] {
  return [...new Set(query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])].slice(0, MAX_WORDS)
}

/** GROQ `match` patterns for the words: each matches as a word prefix ("sput" finds "Sputnik"). */
export function matchPatterns(words: string[]): string[] {
  return words.map((word) => `${word}*`)
}

export interface ExcerptPart {
  text: string
  match: boolean
}

/**
 * A short passage of `text` around the first word the reader searched for, split into plain and
 * matching parts so the page can highlight matches without ever rendering HTML from content.
 * GROQ's `match` also matches word prefixes, so highlighting does too.
 */
export function searchExcerpt(text: string, words: string[], radius = 110): ExcerptPart[] {
  if (text === '') return []
  const pattern =
    words.length > 0
      ? new RegExp(
          `(?<![\\p{L}\\p{N}])(${words.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})[\\p{L}\\p{N}]*`,
          'giu',
        )
      : undefined
  const first = pattern ? text.search(pattern) : -1
  const from = first < 0 ? 0 : Math.max(0, first - radius)
  const to = Math.min(text.length, from + radius * 2)
  // Whole words at the edges, and an ellipsis where the passage was cut.
  let passage = text.slice(from, to)
  if (from > 0) passage = `…${passage.replace(/^\S*\s/, '')}`
  if (to < text.length) passage = `${passage.replace(/\s\S*$/, '')}…`
  if (!pattern) return [{ text: passage, match: false }]
  const parts: ExcerptPart[] = []
  let cursor = 0
  for (const found of passage.matchAll(pattern)) {
    if (found.index > cursor) parts.push({ text: passage.slice(cursor, found.index), match: false })
    parts.push({ text: found[0], match: true })
    cursor = found.index + found[0].length
  }
  if (cursor < passage.length) parts.push({ text: passage.slice(cursor), match: false })
  return parts
}
