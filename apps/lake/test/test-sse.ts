import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { afterEach, beforeEach } from 'vitest'

import { createTestLake } from './test-lake.ts'
import type { TestLake } from './test-lake.ts'

export interface SseEvent {
  event: string
  data: string
  id?: string
}

/** Serves `fetch` on a random local port, for tests that need a real socket (streaming). */
export async function listenOnRandomPort(
  fetch: (request: Request) => Response | Promise<Response>,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = serve({ fetch, port: 0, hostname: '127.0.0.1' })
  if (!server.listening) await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.close()
      if ('closeAllConnections' in server) server.closeAllConnections()
      if (server.listening) await once(server, 'close')
    },
  }
}

/**
 * For a test file of event streams: a fresh test lake on a real socket for each test, and every
 * stream opened with `open` (or handed to `track`) closed after it.
 */
export function streamingTestLake() {
  let lake: TestLake | undefined
  let server: Awaited<ReturnType<typeof listenOnRandomPort>> | undefined
  const streams: { close: () => void }[] = []
  beforeEach(async () => {
    lake = createTestLake()
    server = await listenOnRandomPort(lake.app.fetch)
  })
  afterEach(async () => {
    for (const stream of streams.splice(0)) stream.close()
    await server?.close()
    lake?.cleanup()
  })
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('only inside a test')
    return value
  }
  const track = <Stream extends { close: () => void }>(stream: Stream) => {
    streams.push(stream)
    return stream
  }
  return {
    get lake() {
      return started(lake)
    },
    get url() {
      return started(server).url
    },
    track,
    open: async (path: string, headers: Record<string, string> = {}) =>
      track(await openEventStream(`${started(server).url}${path}`, headers)),
  }
}

/** Reads an event stream with fetch; `next()` resolves with the next event, comments included. */
export async function openEventStream(url: string, headers: Record<string, string> = {}) {
  const abort = new AbortController()
  const response = await fetch(url, { headers, signal: abort.signal })
  const events: SseEvent[] = []
  const waiters: (() => void)[] = []
  let ended = false

  void (async () => {
    if (!response.body) return
    const decoder = new TextDecoder()
    let buffer = ''
    try {
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true })
        let end = buffer.indexOf('\n\n')
        while (end !== -1) {
          events.push(parseBlock(buffer.slice(0, end)))
          buffer = buffer.slice(end + 2)
          end = buffer.indexOf('\n\n')
        }
        for (const wake of waiters.splice(0)) wake()
      }
    } catch {
      // Aborted by close().
    }
    ended = true
    for (const wake of waiters.splice(0)) wake()
  })()

  async function next(timeoutMs = 3000): Promise<SseEvent> {
    const deadline = Date.now() + timeoutMs
    while (events.length === 0) {
      if (ended) throw new Error('stream ended')
      const remaining = deadline - Date.now()
      if (remaining <= 0) throw new Error('timed out waiting for an event')
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining)
        waiters.push(() => {
          clearTimeout(timer)
          resolve()
        })
      })
    }
    return events.shift() as SseEvent
  }

  /** The next event that is not a keep-alive comment. */
  async function nextEvent(timeoutMs?: number): Promise<SseEvent> {
    for (;;) {
      const event = await next(timeoutMs)
      if (event.event !== 'comment') return event
    }
  }

  return {
    response,
    next,
    nextEvent,
    close: () => {
      abort.abort()
    },
  }
}

function parseBlock(block: string): SseEvent {
  const event: SseEvent = { event: 'message', data: '' }
  const data: string[] = []
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) return { event: 'comment', data: line.slice(1).trim() }
    const colon = line.indexOf(':')
    const field = colon === -1 ? line : line.slice(0, colon)
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '')
    if (field === 'event') event.event = value
    else if (field === 'data') data.push(value)
    else if (field === 'id') event.id = value
  }
  event.data = data.join('\n')
  return event
}
