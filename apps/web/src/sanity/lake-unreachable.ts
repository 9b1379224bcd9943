import 'server-only'

import { connection } from 'next/server'

import { env } from '@/env'

/**
 * A build must not depend on the lake being up (CI, a first deploy, the lake restarting): when it
 * cannot be reached at all, prerendering is skipped and the pages render on their first request.
 * An API that answers with an error is a different matter and still fails loudly.
 */

// Node's fetch (undici) reports these as the cause of a `TypeError: fetch failed`.
const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
])

/** True when the error is a failure to reach the API, not an answer from it. */
export function isUnreachable(error: unknown): boolean {
  let current: unknown = error
  for (let depth = 0; current instanceof Error && depth < 3; depth += 1) {
    if ('code' in current && NETWORK_ERROR_CODES.has(String(current.code))) return true
    current = current.cause
  }
  return false
}

const warn = (route: string, consequence: string) => {
  console.warn(`[web] ${route}: the content API at ${env.apiHost} is unreachable; ${consequence}`)
}

/** Runs a `generateStaticParams` query; an unreachable API means nothing is prerendered. */
export async function staticParamsOrNone<Params>(
  route: string,
  load: () => Promise<Params[]>,
): Promise<Params[]> {
  try {
    return await load()
  } catch (error) {
    if (!isUnreachable(error)) throw error
    warn(route, 'prerendering none of its pages, they will render on first request')
    return []
  }
}

/**
 * For a static route's data (use as `.catch(…)`): an unreachable API at build time turns the route
 * into one rendered per request. At request time the error stands, so a failed revalidation keeps
 * serving the page cached before.
 */
export async function renderOnRequestIfUnreachable(route: string, error: unknown): Promise<never> {
  if (env.isBuild && isUnreachable(error)) {
    warn(route, 'it will render per request instead of being prerendered')
    // Calling a request API while prerendering makes Next mark the route dynamic.
    await connection()
  }
  throw error
}
