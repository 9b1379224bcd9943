import { EventEmitter } from 'node:events'
import type { Duplex } from 'node:stream'
import { answerClientErrors } from './client-errors.ts'
import { httpError } from './errors.ts'
import type { LakeError } from './errors.ts'

/**
 * Longest path and query string the lake reads: 414 above. @sanity/client switches to POST above
 * ~11 kB of URL, so only hand-made requests come near it.
 */
export const maxUrlBytes = 64 * 1024
/** Longest header section (names, values, separators) past the request line: 431 above. */
export const maxHeaderBytes = 16 * 1024
/**
 * What Node's parser buffers of a request line and headers together (its default is 16 KiB, which
 * would turn every URL over it into a 431). Past it the parser gives up: a 431 as well.
 */
export const maxHeadBytes = 1024 * 1024

function errorResponse(error: LakeError): Response {
  return Response.json(error.body, { status: error.status })
}

/** 414 for a URL, 431 for headers over their limit, before any route reads them. */
export function refuseOversizedHead(request: Request): Response | undefined {
  const url = new URL(request.url)
  // As sent, percent-encoded: the byte count of the request target.
  const target = url.pathname.length + url.search.length
  if (target > maxUrlBytes) {
    return errorResponse(
      httpError(414, `The URL exceeds ${maxUrlBytes / 1024} KiB; send long queries with POST`),
    )
  }
  let headerBytes = 0
  request.headers.forEach((value, name) => {
    headerBytes += name.length + value.length + 4
  })
  if (headerBytes > maxHeaderBytes) {
    return errorResponse(httpError(431, `The request headers exceed ${maxHeaderBytes / 1024} KiB`))
  }
  return undefined
}

/**
 * Requests Node's parser gives up on get client-errors.ts's JSON answers, except a head over
 * `maxHeadBytes`, whose message names this server's limit rather than Node's default.
 */
export function answerParserErrors(server: EventEmitter): void {
  const others = new EventEmitter()
  answerClientErrors(others)
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code !== 'HPE_HEADER_OVERFLOW' || !socket.writable) {
      others.emit('clientError', error, socket)
      return
    }
    const body = JSON.stringify(
      httpError(
        431,
        `The request line and headers exceed ${maxHeadBytes / 1024 / 1024} MiB; send long queries with POST`,
      ).body,
    )
    socket.end(
      `HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    )
  })
}
