import type { Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { httpError, lakeError } from './errors.ts'

/** Rejects bodies over `maxBytes` with Sanity's 413 before they are buffered. */
export function limitBody(maxBytes: number) {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw httpError(413, `Request body exceeds the limit of ${maxBytes} bytes`)
    },
  })
}

/** Parses a JSON body; malformed JSON becomes a 400 of the given Sanity error type. */
export async function readJson(c: Context, errorType: string): Promise<unknown> {
  const text = await c.req.text()
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw lakeError(400, errorType, `Unable to parse request body as JSON: ${reason}`)
  }
}
