import { httpError } from '../http/errors.ts'

/** `$name=<JSON>` search parameters as GROQ params; a value that is not JSON is a 400 as in Sanity. */
export function queryParamsFrom(search: URLSearchParams): Record<string, unknown> {
  const params: Record<string, unknown> = {}
  for (const [key, value] of search) {
    if (!key.startsWith('$')) continue
    try {
      params[key.slice(1)] = JSON.parse(value) as unknown
    } catch {
      throw httpError(
        400,
        `Unable to parse value of "${key}=${value}". Please quote string values.`,
      )
    }
  }
  return params
}
