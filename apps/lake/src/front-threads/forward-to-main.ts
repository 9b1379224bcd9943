import { Agent, request as httpRequest } from 'node:http'
import type {
  IncomingHttpHeaders,
  IncomingMessage,
  OutgoingHttpHeaders,
  ServerResponse,
} from 'node:http'
import { connect } from 'node:net'
import type { Duplex } from 'node:stream'
import { httpError } from '../http/errors.ts'
import { drainAfterAnswer } from '../http/unread-body.ts'

/** Headers of one hop, which each connection sets for itself. */
const hopByHop = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
])

function endToEnd(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const kept: OutgoingHttpHeaders = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !hopByHop.has(name)) kept[name] = value
  }
  return kept
}

/**
 * Hands a request a front thread does not answer itself to the main thread, over the main
 * thread's private socket, and streams the answer back: the main thread checks the Host, the
 * Origin and the body's size as for any request (the headers pass unchanged, `Host` included),
 * and a listener's events flow as they come. A client that goes away ends the forwarded request.
 */
export class MainThreadLink {
  readonly #socketPath: string
  readonly #agent = new Agent({ keepAlive: true })

  constructor(socketPath: string) {
    this.#socketPath = socketPath
  }

  forward(incoming: IncomingMessage, outgoing: ServerResponse): void {
    const upstream = httpRequest({
      socketPath: this.#socketPath,
      agent: this.#agent,
      method: incoming.method,
      path: incoming.url,
      headers: endToEnd(incoming.headers),
      setHost: false,
    })
    let answered = false
    upstream.on('response', (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.statusMessage, endToEnd(answer.headers))
      // Server-Sent Events: the client sees the stream open before the first event.
      if (answer.headers['content-type']?.startsWith('text/event-stream')) outgoing.flushHeaders()
      answer.pipe(outgoing)
      answer.on('error', () => outgoing.destroy())
      // Answered before the whole body came (a 401, a 413…): the rest is read and dropped here,
      // within the same bounds as on the main thread, and the connection stays reusable.
      answer.on('end', () => {
        answered = true
        if (incoming.complete) return
        incoming.unpipe(upstream)
        upstream.destroy()
        drainAfterAnswer(incoming)
      })
    })
    upstream.on('error', () => {
      // Once answered, a body still on its way (its rest cut off here, or refused by the main
      // thread) is no failure of the answer: the client's connection is left to the drain.
      if (answered) return
      if (outgoing.headersSent) {
        outgoing.destroy()
        return
      }
      const { body, status } = httpError(502, 'The lake could not answer the request')
      outgoing.writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
      outgoing.end(JSON.stringify(body))
    })
    outgoing.on('close', () => {
      if (!outgoing.writableFinished) upstream.destroy()
    })
    // A GET the front thread began to answer has no body left to send.
    if (incoming.readableEnded) upstream.end()
    else incoming.pipe(upstream)
  }

  /** An upgrade (the presence WebSocket): the request as received, then both ways byte for byte. */
  forwardUpgrade(incoming: IncomingMessage, socket: Duplex, head: Buffer): void {
    const upstream = connect(this.#socketPath)
    const lines = [`${incoming.method ?? 'GET'} ${incoming.url ?? '/'} HTTP/1.1`]
    const raw = incoming.rawHeaders
    // Node's parser refused any header with a line break: these re-emit as they came.
    for (let index = 0; index + 1 < raw.length; index += 2) {
      lines.push(`${raw[index]}: ${raw[index + 1]}`)
    }
    upstream.write(`${lines.join('\r\n')}\r\n\r\n`)
    if (head.length > 0) upstream.write(head)
    upstream.pipe(socket)
    socket.pipe(upstream)
    const end = () => {
      socket.destroy()
      upstream.destroy()
    }
    upstream.on('error', end)
    socket.on('error', end)
    upstream.on('close', end)
    socket.on('close', end)
  }

  close(): void {
    this.#agent.destroy()
  }
}
