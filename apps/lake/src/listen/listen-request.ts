import { queryParamsFrom } from '../groq/query-params.ts'
import { httpError } from '../http/errors.ts'
import type { SessionOptions } from './listener-session.ts'

export interface ListenRequest {
  query: string
  params: Record<string, unknown>
  options: Omit<SessionOptions, 'anonymous'>
  /** From the `Last-Event-ID` header, or the query parameter the browser polyfill uses. */
  lastEventId: string | undefined
}

/** `?query=…&$name=<JSON>&includeResult=…`; flags follow Sanity's defaults. */
export function parseListenRequest(url: URL, lastEventIdHeader: string | undefined): ListenRequest {
  const search = url.searchParams
  const query = search.get('query')
  if (query === null || query.trim() === '') throw httpError(400, 'Missing query')
  const params = queryParamsFrom(search)
  const on = (name: string) => search.get(name) === 'true'
  const notOff = (name: string) => search.get(name) !== 'false'
  return {
    query,
    params,
    options: {
      includeResult: notOff('includeResult'),
      includePreviousRevision: on('includePreviousRevision'),
      includeMutations: notOff('includeMutations'),
      includeAllVersions: on('includeAllVersions'),
      includeEffects: search.get('effectFormat') === 'mendoza',
      enableResume: on('enableResume'),
    },
    lastEventId: lastEventIdHeader || search.get('lastEventId') || undefined,
  }
}
