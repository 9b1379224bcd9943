import { STATUS_CODES } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'

/** How long a refused connection stays open, unread, for the client to read the answer. */
const LINGER_MS = 2_000

/**
 * Answers a request without reading any more of its body, and closes the connection. The answer
 * goes straight to the socket, not through `response`: once a response ends, Node either reads
 * (and discards) the rest of the body to keep the connection, or resets it at once, which can
 * overtake the answer before the client reads it. Here the socket stops reading, sends the answer
 * and its end, and is dropped when the client closes or after LINGER_MS; meanwhile what the client
 * still sends waits in the kernel's buffers, unread.
 */
export function refuseAndClose(response: ServerResponse, status: number, message: string): void {
  const socket = response.socket
  if (!socket) return
  // An answer already under way cannot be replaced; the connection still must not read on.
  if (response.headersSent) {
    socket.destroy()
    return
  }
  socket.pause()
  socket.end(
    [
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
      'content-type: text/plain; charset=utf-8',
      'cache-control: no-store',
      `content-length: ${Buffer.byteLength(message)}`,
      'connection: close',
      '',
      message,
    ].join('\r\n'),
  )
  setTimeout(() => socket.destroy(), LINGER_MS).unref()
}

/**
 * Counts the body bytes of a request as they come off the socket, whoever reads them (Next's
 * handler, later), and answers 413 and closes the connection as soon as they pass `maxBytes`, so a
 * chunked body with no Content-Length is never read much past the limit.
 */
export function limitRequestBody(
  request: IncomingMessage,
  response: ServerResponse,
  maxBytes: number,
): void {
  let received = 0
  let refused = false
  const push = request.push.bind(request)
  // Node's HTTP parser hands each piece of the body to `push`: the one place all of it passes.
  request.push = (chunk: unknown, encoding?: BufferEncoding) => {
    if (chunk !== null && chunk !== undefined) {
      received +=
        typeof chunk === 'string' ? Buffer.byteLength(chunk) : (chunk as Uint8Array).length
      if (received > maxBytes) {
        // Nothing more reaches the reader; `false` makes the parser stop reading the socket.
        if (!refused) refuseAndClose(response, 413, 'Request body too large')
        refused = true
        return false
      }
    }
    return push(chunk, encoding)
  }
}
