import type { BodyMember } from '@repo/queries/results'

const WORDS_PER_MINUTE = 230

/** Minutes a reader needs for the body's text (quotes included), at least one. */
export function readingMinutes(body: BodyMember[]): number {
  const text = body
    .map((member) => {
      if (member._type === 'block') return member.children.map((span) => span.text).join('')
      if (member._type === 'quoteReference') return member.quote?.text ?? ''
      return member.picture?.caption ?? ''
    })
    .join(' ')
  // Words are runs of letters and digits: whitespace splitting would also count the invisible
  // source markers a preview adds to strings (U+FEFF is whitespace to a regular expression).
  const words = text.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu)?.length ?? 0
  return Math.max(1, Math.round(words / WORDS_PER_MINUTE))
}
