import { listenLocally } from '@repo/raw-http/listen-locally'
import { streamedRequest } from '@repo/raw-http/streamed-request'
import { encodeSignatureHeader } from '@sanity/webhook'
import { createServer } from 'node:http'
import type { OutgoingHttpHeaders } from 'node:http'
import type { Socket } from 'node:net'

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { MAX_WEBHOOK_BODY_BYTES, WEBHOOK_PATH } from '../revalidation/webhook-request'
import { admitRequest } from './request-guard'

const MB = 1024 * 1024
// Node reads a socket 64 KiB at a time: a refusal reads the read it was in, and perhaps one more.
const SOCKET_READ = 64 * 1024
const READ_MARGIN_BYTES = 2 * SOCKET_READ
const policy = { allowedHosts: ['www.example.com', 'localhost', '127.0.0.1'], webhookEnabled: true }

// Stands in for Next: reads whatever body it is given and answers how many bytes it got.
let handled = 0
let bytesRead = 0
const server = createServer((request, response) => {
  if (!admitRequest(request, response, policy)) return
  handled += 1
  request.on('data', (chunk: Buffer) => (bytesRead += chunk.length))
  request.on('end', () => response.end(`read ${bytesRead}`))
  request.on('error', () => undefined)
})
let origin = ''
// What the server read off each connection, known once it closes.
let socketsRead: Promise<number>[] = []
server.on('connection', (socket: Socket) => {
  socketsRead.push(
    new Promise((resolve) =>
      socket.once('close', () => {
        resolve(socket.bytesRead)
      }),
    ),
  )
})
/** The most the server read off any connection of the test (headers included). */
const mostReadOffOneConnection = async () => Math.max(0, ...(await Promise.all(socketsRead)))

beforeAll(async () => {
  origin = await listenLocally(server)
})
afterAll(() => {
  server.close()
})
beforeEach(() => {
  handled = 0
  bytesRead = 0
  socketsRead = []
})

const send = (path: string, headers: OutgoingHttpHeaders, bodyBytes = 0, method = 'POST') =>
  streamedRequest(`${origin}${path}`, { method, headers, bodyBytes })

const freshSignature = () => encodeSignatureHeader('{}', Date.now(), 'secret-of-sixteen-chars')

describe('admitRequest', () => {
  it('should refuse a Host the site does not serve before any work', async () => {
    expect((await send('/', { host: 'evil.example' }, 0, 'GET')).status).toBe(421)
    expect((await send('/', { host: 'evil.example:80' }, 0, 'GET')).status).toBe(421)
    expect((await send('/', { host: 'user@www.example.com' }, 0, 'GET')).status).toBe(421)
    expect(handled).toBe(0)
    expect((await send('/', { host: 'WWW.example.com:8080' }, 0, 'GET')).status).toBe(200)
    expect((await send('/', { host: new URL(origin).host }, 0, 'GET')).status).toBe(200)
  })

  it("should refuse a state-changing request from another site's page", async () => {
    const host = new URL(origin).host
    expect((await send('/', { host, origin: 'https://evil.example' })).status).toBe(403)
    expect((await send('/', { host, origin: 'null' })).status).toBe(403)
    expect(handled).toBe(0)
    expect((await send('/', { host, origin: 'https://www.example.com' })).status).toBe(200)
    expect((await send('/', { host, origin: 'https://evil.example' }, 0, 'GET')).status).toBe(200)
  })

  it('should refuse any body on a route that reads none, unread', async () => {
    const host = new URL(origin).host
    const declared = await send('/search', { host, 'content-length': 50 * MB }, 50 * MB)
    expect(declared.status).toBe(413)
    const chunked = await send('/articles/x', { host }, 50 * MB)
    expect(chunked.status).toBe(413)
    expect(chunked.written).toBeLessThan(10 * MB)
    expect(handled).toBe(0)
    expect(bytesRead).toBe(0)
    expect(await mostReadOffOneConnection()).toBeLessThanOrEqual(READ_MARGIN_BYTES)
  })

  it('should refuse a webhook call without a well-formed, fresh signature before reading its body', async () => {
    const host = new URL(origin).host
    const stale = await encodeSignatureHeader(
      '{}',
      Date.now() - 10 * 60 * 1000,
      'secret-of-16-chars',
    )
    for (const signature of [undefined, 'nonsense', 't=1,v1=x', stale]) {
      const headers = signature ? { host, 'sanity-webhook-signature': signature } : { host }
      const sent = await send(WEBHOOK_PATH, headers, 50 * MB)
      expect(sent.status).toBe(401)
      expect(sent.written).toBeLessThan(10 * MB)
    }
    expect(handled).toBe(0)
    expect(await mostReadOffOneConnection()).toBeLessThanOrEqual(READ_MARGIN_BYTES)
  })

  it('should refuse an oversize webhook body: declared at once, chunked once past the limit', async () => {
    const headers = {
      host: new URL(origin).host,
      'sanity-webhook-signature': await freshSignature(),
    }
    const declared = await send(WEBHOOK_PATH, { ...headers, 'content-length': 50 * MB }, 50 * MB)
    expect(declared.status).toBe(413)
    expect(handled).toBe(0)

    const chunked = await send(WEBHOOK_PATH, headers, 50 * MB)
    expect(chunked.status).toBe(413)
    expect(chunked.written).toBeLessThan(10 * MB)
    expect(bytesRead).toBeLessThanOrEqual(MAX_WEBHOOK_BODY_BYTES)
    expect(await mostReadOffOneConnection()).toBeLessThanOrEqual(
      MAX_WEBHOOK_BODY_BYTES + READ_MARGIN_BYTES,
    )
  })

  it('should let a signed webhook body within the limit through whole, chunked or not', async () => {
    const headers = {
      host: new URL(origin).host,
      'sanity-webhook-signature': await freshSignature(),
    }
    expect(await send(WEBHOOK_PATH, headers, 20_000)).toMatchObject({ status: 200 })
    expect(bytesRead).toBe(20_000)
    bytesRead = 0
    const declared = { ...headers, 'content-length': MAX_WEBHOOK_BODY_BYTES }
    expect(await send(WEBHOOK_PATH, declared, MAX_WEBHOOK_BODY_BYTES)).toMatchObject({
      status: 200,
    })
    expect(bytesRead).toBe(MAX_WEBHOOK_BODY_BYTES)
  })
})
