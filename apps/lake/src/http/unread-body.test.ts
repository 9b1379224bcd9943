import { connect } from 'node:net'
import type { Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer } from '../../test/test-lake.ts'
import { maxDrainBytes, maxDrainMs } from './unread-body.ts'

let server: Awaited<ReturnType<typeof startTestServer>>
beforeAll(async () => {
  server = await startTestServer({ LAKE_LISTEN_POOL: '0' })
})
afterAll(async () => {
  await server.close()
})

const unauthorized = JSON.stringify({
  statusCode: 401,
  error: 'Unauthorized',
  message: 'Session not found',
})

interface Outcome {
  received: string
  /** Body bytes the lake had taken (acknowledged writes) when it half-closed. */
  sentWhenClosed: number
  msToClose: number
}

/**
 * Opens a chunked POST with a wrong token and keeps sending `chunk` (after `pauseMs` each) until
 * the lake closes its side, or `giveUpMs`.
 */
async function sendEndlessly(chunk: Buffer, pauseMs: number, giveUpMs: number): Promise<Outcome> {
  const socket: Socket = connect(server.port, '127.0.0.1')
  await new Promise((resolve) => socket.once('connect', resolve))
  const started = Date.now()
  let received = ''
  let sent = 0
  // Set when the lake's FIN arrives: body bytes sent by then, and when.
  const closed: { sent?: number; at?: number } = {}
  socket.setEncoding('utf8')
  socket.on('data', (text: string) => {
    received += text
  })
  socket.on('error', () => undefined)
  socket.once('end', () => {
    closed.sent = sent
    closed.at = Date.now()
  })
  socket.write(
    `POST /v2025-02-19/data/mutate/production HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n` +
      `Authorization: Bearer nope\r\nContent-Type: application/json\r\n` +
      `Transfer-Encoding: chunked\r\n\r\n`,
  )
  const frame = Buffer.concat([
    Buffer.from(`${chunk.length.toString(16)}\r\n`),
    chunk,
    Buffer.from('\r\n'),
  ])
  while (closed.at === undefined && Date.now() - started < giveUpMs) {
    const flushed = await new Promise<boolean>((resolve) => {
      socket.write(frame, (error) => {
        resolve(!error)
      })
    })
    if (!flushed) break
    sent += chunk.length
    if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs))
  }
  socket.destroy()
  return {
    received,
    sentWhenClosed: closed.sent ?? Infinity,
    msToClose: (closed.at ?? Infinity) - started,
  }
}

describe('a body left unread by an early answer', () => {
  it(`should be answered, then cut off before ${maxDrainBytes} bytes plus buffers are sent`, async () => {
    const { received, sentWhenClosed } = await sendEndlessly(
      Buffer.alloc(64 * 1024, 0x20),
      0,
      60_000,
    )
    expect(received).toMatch(/^HTTP\/1\.1 401 /)
    expect(received.endsWith(`\r\n\r\n${unauthorized}`)).toBe(true)
    expect(sentWhenClosed).toBeGreaterThan(0)
    // Socket buffers, and what arrives between two checks of the count.
    expect(sentWhenClosed).toBeLessThan(maxDrainBytes + 48 * 1024 * 1024)
  })

  it(`should be answered, then cut off ${maxDrainMs} ms after the answer when it trickles`, async () => {
    const { received, sentWhenClosed, msToClose } = await sendEndlessly(
      Buffer.from('0'),
      50,
      30_000,
    )
    expect(received).toMatch(/^HTTP\/1\.1 401 /)
    expect(received.endsWith(`\r\n\r\n${unauthorized}`)).toBe(true)
    expect(sentWhenClosed).toBeLessThan(1024)
    expect(msToClose).toBeGreaterThanOrEqual(maxDrainMs)
    expect(msToClose).toBeLessThan(maxDrainMs + 10_000)
  }, 40_000)
})
