import type { MiddlewareHandler } from 'hono'
import { cors } from 'hono/cors'
import type { LakeEnv } from './lake-env.ts'

/** The Studio (:3333) and the site (:3000) in development, under both local host names. */
export const defaultCorsOrigins: readonly string[] = [
  'http://localhost:3333',
  'http://127.0.0.1:3333',
  'http://localhost:3000',
  'http://127.0.0.1:3000',
]

/**
 * Like a Sanity project's CORS origins (with "allow credentials"): only listed origins get CORS
 * headers, so a page from any other origin — another local dev server included — cannot read the
 * lake's answers with the editor's session. Unlisted origins get no headers; the browser blocks.
 */
export function lakeCors(origins: readonly string[]): MiddlewareHandler<LakeEnv> {
  // `null` (sandboxed frames, pages after a cross-origin redirect) can never be listed.
  const allowed = new Set(origins.filter((origin) => origin !== 'null'))
  const withCors = cors({
    origin: (origin) => (allowed.has(origin) ? origin : null),
    credentials: true,
    allowHeaders: [
      'Authorization',
      'Content-Type',
      'X-Sanity-Project-ID',
      'x-sanity-app',
      // A reconnecting EventSource resumes the listener with it.
      'Last-Event-ID',
    ],
    allowMethods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    maxAge: 600,
  })
  return async (c, next) => {
    const origin = c.req.header('origin')
    if (origin === undefined || allowed.has(origin)) return withCors(c, next)
    // hono/cors would still send Allow-Credentials (and answer preflights); send nothing instead.
    await next()
    c.header('Vary', 'Origin', { append: true })
  }
}
