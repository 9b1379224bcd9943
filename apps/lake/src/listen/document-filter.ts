import { evaluate } from 'groq-js'
import { deadlineParams } from '../groq/deadline-params.ts'
import { lakeError } from '../http/errors.ts'
import { parseQuery } from '../groq/parse-query.ts'
import type { DocumentLookup, SanityDocument } from '../store/store.ts'

/** Whether one document is in a listener's set; references resolve against `lookup`. */
export type DocumentFilter = (doc: SanityDocument, lookup: DocumentLookup) => Promise<boolean>

/**
 * Compiles a listener query such as `*[_id in $ids]`. Sanity evaluates it per document, so it
 * runs over a one-document dataset: the document is in the set when the result is non-empty.
 * Parse errors and missing params are 400s before the stream opens.
 */
export function compileFilter(
  query: string,
  params: Record<string, unknown>,
  timeoutMs: number,
): DocumentFilter {
  // Checks the params' depth now, before the stream opens; each evaluation gets a fresh clock.
  const { tree, params: referenced } = parseQuery(query, deadlineParams(params, timeoutMs))
  for (const name of referenced) {
    if (!(name in params)) {
      throw lakeError(400, 'queryParseError', `param $${name} referenced, but not provided`, {
        query,
      })
    }
  }
  return async (doc, lookup) => {
    try {
      const value = await evaluate(tree, {
        dataset: [doc],
        params: deadlineParams(params, timeoutMs),
        dereference: ({ _ref }) => lookup.get(_ref),
      })
      const result: unknown = await value.get()
      return Array.isArray(result) ? result.length > 0 : result !== null && result !== false
    } catch {
      // A filter that cannot be evaluated for this document does not match it.
      return false
    }
  }
}
