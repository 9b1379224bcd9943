import type { EventEmitter } from 'node:events'
import type { Duplex } from 'node:stream'

/** Node's HTTP parser errors and what they mean to the client. */
function statusOf(error: NodeJS.ErrnoException): [number, string, string] {
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    return [
      431,
      'Request Header Fields Too Large',
      'The request line and headers exceed 16 KB; send long queries with POST',
    ]
  }
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return [408, 'Request Timeout', 'The request was not received in time']
  }
  return [400, 'Bad Request', 'Malformed HTTP request']
}

/**
 * Requests Node's parser rejects before the app sees them (a URL over the header limit, a broken
 * request line) get Sanity's JSON error body instead of Node's bare status line, so clients can
 * show a reason.
 */
export function answerClientErrors(server: EventEmitter): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy()
      return
    }
    const [status, reason, message] = statusOf(error)
    const body = JSON.stringify({ statusCode: status, error: reason, message })
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    )
  })
}
