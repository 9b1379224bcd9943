import type { IncomingMessage, ServerResponse } from 'node:http'

/**
 * Answers a request without reading the rest of its body: the connection is closed once the answer
 * is out, so Node does not read (and discard) whatever the client still sends.
 */
export function refuseAndClose(response: ServerResponse, status: number, message: string): void {
  const socket = response.socket
  // An answer already under way cannot be replaced; the connection still must not read on.
  if (response.headersSent) {
    socket?.destroy()
    return
  }
  response.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'close',
  })
  response.end(message, () => socket?.destroy())
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
