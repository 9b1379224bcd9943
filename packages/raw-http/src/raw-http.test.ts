import { createServer } from 'node:http'
import type { Server } from 'node:http'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { listenLocally } from './listen-locally.ts'
import { rawRequest } from './raw-request.ts'
import { streamedRequest } from './streamed-request.ts'

const MB = 1024 * 1024
let server: Server
let origin: string
let bodyBytesRead = 0

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url === '/refuse') {
      // Answer at once and stop reading, as a server refusing a body too large does.
      response.writeHead(413, { connection: 'close' }).end()
      request.socket.destroySoon()
      return
    }
    request.on('data', (chunk: Buffer) => (bodyBytesRead += chunk.length))
    request.on('end', () => {
      response.setHeader('content-type', 'application/json')
      response.end(JSON.stringify({ url: request.url, host: request.headers.host }))
    })
  })
  origin = await listenLocally(server)
})
afterAll(() => {
  server.close()
})

describe('rawRequest', () => {
  it('should send the path as written and the Host header given', async () => {
    const answer = await rawRequest(origin, '/static/../%2e%2e/x', { host: 'evil.example' })
    expect(answer.status).toBe(200)
    expect(JSON.parse(answer.body)).toEqual({ url: '/static/../%2e%2e/x', host: 'evil.example' })
  })
})

describe('streamedRequest', () => {
  it('should send the whole body to a server that reads it', async () => {
    bodyBytesRead = 0
    const answer = await streamedRequest(`${origin}/read`, { bodyBytes: 3 * MB })
    expect(answer).toEqual({ status: 200, written: 3 * MB })
    expect(bodyBytesRead).toBe(3 * MB)
  })

  it('should stop writing once the server has answered', async () => {
    const answer = await streamedRequest(`${origin}/refuse`, { bodyBytes: 200 * MB })
    expect(answer.status).toBe(413)
    expect(answer.written).toBeLessThan(50 * MB)
  })
})
