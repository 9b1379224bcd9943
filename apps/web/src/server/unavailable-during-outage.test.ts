import { createServer } from 'node:http'
import type { ServerResponse } from 'node:http'

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'

import { listenLocally } from '@repo/raw-http/listen-locally'

import { reportLakeUnreachable } from '../sanity/lake-outage'
import { answerUnavailableDuringOutage, RETRY_AFTER_SECONDS } from './unavailable-during-outage'

// Each path answers the way Next does for a page: status set, then the body written.
const pages: Record<string, (response: ServerResponse) => void> = {
  '/failed': (response) => {
    response.statusCode = 500
    response.setHeader('content-type', 'text/html')
    response.end('<h1>This page can’t be shown right now</h1>')
  },
  '/failed-explicitly': (response) => {
    response.writeHead(500, 'Internal Server Error', { 'content-type': 'text/html' }).end('x')
  },
  '/cached': (response) => {
    response.end('<h1>Cached</h1>')
  },
  '/missing': (response) => {
    response.statusCode = 404
    response.end('not found')
  },
}

const server = createServer((request, response) => {
  answerUnavailableDuringOutage(response)
  pages[request.url ?? '']?.(response)
})
let origin = ''

beforeAll(async () => {
  origin = await listenLocally(server)
})
afterAll(() => {
  server.close()
})
afterEach(() => {
  Reflect.deleteProperty(globalThis, Symbol.for('@repo/web/lake-outage'))
})

describe('answerUnavailableDuringOutage', () => {
  it('should leave a failed page a 500 while the lake answers', async () => {
    const response = await fetch(`${origin}/failed`)
    expect(response.status).toBe(500)
    expect(response.headers.get('retry-after')).toBeNull()
  })

  it('should answer 503 with Retry-After and the same body while the lake is out of reach', async () => {
    reportLakeUnreachable()
    const response = await fetch(`${origin}/failed`)
    expect(response.status).toBe(503)
    expect(response.statusText).toBe('Service Unavailable')
    expect(response.headers.get('retry-after')).toBe(String(RETRY_AFTER_SECONDS))
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(response.headers.get('content-type')).toBe('text/html')
    expect(await response.text()).toContain('can’t be shown right now')
  })

  it('should replace the status message of an explicit 500 and keep its headers', async () => {
    reportLakeUnreachable()
    const response = await fetch(`${origin}/failed-explicitly`)
    expect(response.status).toBe(503)
    expect(response.statusText).toBe('Service Unavailable')
    expect(response.headers.get('content-type')).toBe('text/html')
  })

  it('should leave cached pages and other statuses alone during an outage', async () => {
    reportLakeUnreachable()
    expect((await fetch(`${origin}/cached`)).status).toBe(200)
    expect((await fetch(`${origin}/missing`)).status).toBe(404)
  })
})
