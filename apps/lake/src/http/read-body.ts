import type { Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { httpError, lakeError } from './errors.ts'
import { hasProtoKey } from './proto-keys.ts'

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
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw lakeError(400, errorType, `Unable to parse request body as JSON: ${reason}`)
  }
  if (hasProtoKey(value)) {
    throw lakeError(400, errorType, 'Attribute name "__proto__" is not allowed')
  }
  return value
}
