import { httpError } from '../http/errors.ts'

/** A listener under any API version: `/v2025-02-19/data/listen/production`. */
const listenPath = /^\/v[^/]+\/data\/listen\/[^/]+\/?$/

/**
 * The pool's ports exist for listeners alone, so they answer nothing else (a 404, as for an
 * unknown endpoint). Which port a request came in on is known from the server that accepted it,
 * never from anything the client sends.
 */
export function refuseAllButListen(request: Request): Response | undefined {
  if (listenPath.test(new URL(request.url).pathname)) return undefined
  const error = httpError(404, 'Not Found')
  return Response.json(error.body, { status: error.status })
}
