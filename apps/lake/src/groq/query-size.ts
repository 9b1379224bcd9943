import { lakeError } from '../http/errors.ts'

/** Sanity's limit on the text of one GROQ query. */
export const maxQueryBytes = 300_000

/**
 * groq-js's parser takes time quadratic in the number of tokens (it copies its token list at
 * every operator), so byte size alone does not bound it: 24 kB of `a||a||…` parse for seconds on
 * the event loop. This many tokens parse in well under a second whatever their shape, and leave
 * room for real queries several times the size of the biggest the site and Studio send.
 */
export const maxQueryTokens = 10_000

const word = /[A-Za-z0-9_]/

/**
 * Tokens as the parser sees them, roughly: a string literal or a run of word characters is one,
 * every other non-blank character another; whitespace and comments are none. Linear and cheap,
 * so it runs before the parser on every query.
 */
export function countQueryTokens(query: string): number {
  let tokens = 0
  let index = 0
  while (index < query.length) {
    const char = query.charAt(index)
    if (char === '"' || char === "'") {
      index++
      while (index < query.length && query.charAt(index) !== char) {
        index += query.charAt(index) === '\\' ? 2 : 1
      }
      index++
      tokens++
    } else if (char === '/' && query.charAt(index + 1) === '/') {
      const end = query.indexOf('\n', index)
      index = end === -1 ? query.length : end + 1
    } else if (word.test(char)) {
      while (index < query.length && word.test(query.charAt(index))) index++
      tokens++
    } else {
      if (char.trim() !== '') tokens++
      index++
    }
  }
  return tokens
}

/** Rejects a query too large to parse safely with a 413 in Sanity's query error shape. */
export function checkQuerySize(query: string): void {
  const bytes = Buffer.byteLength(query)
  if (bytes > maxQueryBytes) {
    throw lakeError(
      413,
      'queryTooLargeError',
      `Query is ${bytes} bytes, over the limit of ${maxQueryBytes} bytes`,
    )
  }
  const tokens = countQueryTokens(query)
  if (tokens > maxQueryTokens) {
    throw lakeError(
      413,
      'queryTooLargeError',
      `Query has ${tokens} tokens, over the limit of ${maxQueryTokens}; move literal values into params`,
    )
  }
}
