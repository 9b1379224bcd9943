import type { ServerResponse } from 'node:http'

import { isLakeOutage } from '../sanity/lake-outage.ts'

/** How long a client should wait before trying again: the lake restarts in seconds. */
export const RETRY_AFTER_SECONDS = 30

/**
 * Turns the 500 of a page that failed because the content lake is out of reach into a 503 with
 * `Retry-After`, keeping the friendly error page Next rendered as its body. Pages already cached
 * are served as usual (200); any other failure stays a 500.
 */
export function answerUnavailableDuringOutage(response: ServerResponse): void {
  const writeHead = response.writeHead.bind(response) as (...args: unknown[]) => ServerResponse
  response.writeHead = ((statusCode: number, ...rest: unknown[]) => {
    if (statusCode !== 500 || !isLakeOutage()) return writeHead(statusCode, ...rest)
    response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS))
    response.setHeader('Cache-Control', 'no-store')
    // A status message given with the 500 would describe it; Node supplies 503's own.
    const headers = rest.find((argument) => typeof argument === 'object')
    return headers ? writeHead(503, headers) : writeHead(503)
  }) as ServerResponse['writeHead']
}
