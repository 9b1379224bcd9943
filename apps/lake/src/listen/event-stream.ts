import type { SSEStreamingApi } from 'hono/streaming'

/**
 * Keeps an event stream open until the client leaves or `close` is called, writing comment lines
 * so proxies and the browser polyfill (45 s timeout) do not drop a quiet stream. `start` begins
 * the stream's work and returns what stops it.
 */
export async function holdStreamOpen(
  stream: SSEStreamingApi,
  keepAliveMs: number,
  start: (close: () => void) => () => void,
): Promise<void> {
  let close: () => void = () => undefined
  const closed = new Promise<void>((resolve) => {
    close = resolve
  })
  stream.onAbort(close)
  const keepAlive = setInterval(() => {
    void stream.write(': keepalive\n\n')
  }, keepAliveMs)
  const stop = start(close)
  try {
    await closed
  } finally {
    clearInterval(keepAlive)
    stop()
  }
}
