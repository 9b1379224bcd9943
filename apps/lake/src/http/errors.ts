import type { ContentfulStatusCode } from 'hono/utils/http-status'

/**
 * The single error type every module throws. `body` is already in Sanity's wire shape, so
 * `app.onError` only has to serialise it and the official client can parse it unchanged.
 */
export class LakeError extends Error {
  readonly status: ContentfulStatusCode
  readonly body: Record<string, unknown>

  constructor(status: ContentfulStatusCode, body: Record<string, unknown>, message?: string) {
    super(message ?? describe(body))
    this.name = 'LakeError'
    this.status = status
    this.body = body
  }
}

function describe(body: Record<string, unknown>): string {
  const error = body.error
  if (typeof body.message === 'string') return body.message
  if (typeof error === 'object' && error !== null && 'description' in error) {
    return String(error.description)
  }
  return JSON.stringify(body)
}

const reasons: Partial<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  507: 'Insufficient Storage',
}

/** Boom-style body (`{statusCode, error, message}`) that Sanity uses for HTTP-level failures. */
export function httpError(status: ContentfulStatusCode, message: string): LakeError {
  return new LakeError(status, { statusCode: status, error: reasons[status] ?? 'Error', message })
}

/** Content Lake style body (`{error: {type, description, ...}}`) used for query/data failures. */
export function lakeError(
  status: ContentfulStatusCode,
  type: string,
  description: string,
  extra: Record<string, unknown> = {},
): LakeError {
  return new LakeError(status, { error: { description, type, ...extra } })
}

export interface MutationErrorItem {
  type: string
  description: string
  [key: string]: unknown
}

/**
 * A failed transaction: Sanity wraps the per-mutation (or per-action) cause in a `mutationError`
 * with `items`; @sanity/client appends each item's description to the error message.
 */
export function mutationError(
  status: ContentfulStatusCode,
  item: MutationErrorItem,
  index: number,
): LakeError {
  return new LakeError(status, {
    error: {
      description: 'Mutation(s) failed with 1 error(s)',
      items: [{ error: item, index }],
      type: 'mutationError',
    },
  })
}

/** An unexpected failure, as Sanity words it: nothing of the cause reaches the client. */
export function internalError(): LakeError {
  return httpError(500, 'An internal server error occurred')
}

export function datasetNotFound(dataset: string): LakeError {
  return httpError(404, `Dataset "${dataset}" not found`)
}
