import type { Context } from 'hono'
import { streamSSE } from 'hono/streaming'
import type { SSEStreamingApi } from 'hono/streaming'

export interface EventStreamOptions {
  /** Comment lines keep proxies and the browser polyfill (45 s timeout) from dropping the stream. */
  keepAliveMs?: number
}

const DEFAULT_KEEP_ALIVE_MS = 15_000

/**
 * Answers with a Server-Sent Events stream held open until the client leaves or `close` is called,
 * writing comment lines so a quiet stream is not dropped. `start` begins the stream's work and
 * returns what stops it.
 */
export function eventStream(
  c: Context,
  options: EventStreamOptions,
  start: (stream: SSEStreamingApi, close: () => void) => Promise<() => void> | (() => void),
): Response {
  // nginx and similar proxies would otherwise buffer the events.
  c.header('X-Accel-Buffering', 'no')
  return streamSSE(c, async (stream) => {
    let close: () => void = () => undefined
    const closed = new Promise<void>((resolve) => {
      close = resolve
    })
    stream.onAbort(close)
    const keepAlive = setInterval(() => {
      void stream.write(': keepalive\n\n')
    }, options.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS)
    try {
      const stop = await start(stream, close)
      try {
        await closed
      } finally {
        stop()
      }
    } finally {
      clearInterval(keepAlive)
    }
  })
}
