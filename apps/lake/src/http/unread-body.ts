import { IncomingMessage, ServerResponse } from 'node:http'
import type { Http2Bindings, HttpBindings } from '@hono/node-server'

type Fetch = (request: Request, env: HttpBindings | Http2Bindings) => unknown

const MiB = 1024 * 1024

/**
 * What the lake still reads of a body after answering without it: past either bound it stops
 * waiting and closes the connection. Above every route's own limit (uploads: 50 MiB), so a body
 * that is merely refused is still read to its end and the connection stays reusable.
 */
export const maxDrainBytes = 64 * MiB
export const maxDrainMs = 5_000
/** After its FIN, how long the lake keeps reading before it closes the socket for good. */
export const lingerMs = 2_000
/** How often a drain's byte count is checked: it overshoots by what arrives in between. */
const drainCheckMs = 20

/**
 * Reads and discards the rest of a body once the answer is sent, so that the keep-alive connection
 * stays usable. The Request's body stream (Readable.toWeb) pauses the socket when its queue is full and
 * nobody reads it after an early answer (a 401, 404 or a Content-Length over a route's limit):
 * @hono/node-server's own drain then waits 500 ms and closes the socket with that body unread, and
 * a client already reusing the keep-alive connection gets no answer ("other side closed").
 */
export function drainAfterAnswer(incoming: IncomingMessage): void {
  const { socket } = incoming
  // Counted on the socket: a body nobody touched is dumped by Node's parser, no 'data' events.
  const bytesBefore = socket.bytesRead
  const timer = setTimeout(lingeringClose, maxDrainMs)
  const meter = setInterval(() => {
    if (socket.bytesRead - bytesBefore > maxDrainBytes) lingeringClose()
  }, drainCheckMs)
  const stop = () => {
    clearTimeout(timer)
    clearInterval(meter)
  }
  // The answer is out and sent as keep-alive: the client may send another request once its body
  // is through. So the FIN comes first, and only then (after a while of reading, so no unread
  // data turns the close into a reset that can wipe the answer off the client's buffer) the close.
  function lingeringClose() {
    stop()
    if (socket.destroyed) return
    // `incoming` keeps flowing into no listener until then.
    socket.end()
    setTimeout(() => socket.destroy(), lingerMs).unref()
  }
  incoming.once('end', stop)
  incoming.once('close', stop)
  // The handler is done with the body: its stream's listeners go, as Node's own dump does.
  incoming.removeAllListeners('data')
  incoming.resume()
}

/**
 * serveNode's `fetch` and options for a server of the lake: a body the answer left unread is
 * drained, bounded in bytes and time, instead of by @hono/node-server's cleanup (turned off).
 */
export function drainUnreadBodies(fetch: Fetch) {
  return {
    autoCleanupIncoming: false,
    fetch: (request: Request, env: HttpBindings | Http2Bindings) => {
      const { incoming, outgoing } = env
      if (incoming instanceof IncomingMessage && outgoing instanceof ServerResponse) {
        outgoing.once('finish', () => {
          // `complete`: the parser has the whole body, read or not (a GET has none).
          if (!incoming.complete && !incoming.destroyed) drainAfterAnswer(incoming)
        })
      }
      return fetch(request, env)
    },
  }
}
