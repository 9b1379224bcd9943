import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { maxHeadBytes, maxHeaderBytes, maxUrlBytes } from '../../src/http/request-head.ts'
import { startTestServer } from '../test-lake.ts'
import { expectEveryAnswerShaped, fuzzSeed } from './fuzz-harness.ts'
import { fuzzQuery } from './groq-queries.ts'
import { fuzzWrite } from './mutation-bodies.ts'
import { fuzzParams } from './query-params.ts'
import type { Random } from './random.ts'
import { fuzzUpload, uploadSamples } from './uploads.ts'
import type { UploadSamples } from './uploads.ts'
import { fuzzPath } from './url-paths.ts'

/**
 * A smaller sample of every fuzz category through the real Node server, where the HTTP parser,
 * header limits and streaming bodies come into play that `app.request()` skips.
 */

const seed = fuzzSeed(process.env.LAKE_FUZZ_SEED)
const perCategory = 300

let server: Awaited<ReturnType<typeof startTestServer>>
let samples: UploadSamples
beforeAll(async () => {
  server = await startTestServer({ LAKE_LISTEN_POOL: '0', LAKE_QUERY_TIMEOUT_MS: '100' })
  samples = await uploadSamples()
})
afterAll(async () => {
  await server.close()
})

interface Sent {
  method: string
  path: string
  body?: string | Uint8Array
  contentType?: string | undefined
  token?: 'read' | 'write' | 'not-a-token' | undefined
}

async function send(request: Sent): Promise<Response | undefined> {
  const { tokens } = server.lake
  const headers: Record<string, string> = {}
  if (request.token) {
    headers.Authorization = `Bearer ${request.token === 'not-a-token' ? 'nope' : tokens[request.token]}`
  }
  if (request.contentType) headers['Content-Type'] = request.contentType
  try {
    return await fetch(`${server.lake.url}${request.path}`, {
      method: request.method,
      headers,
      body: request.body,
      redirect: 'manual',
    })
  } catch (error) {
    // fetch refuses some inputs itself (a body on GET): those never reach the lake.
    if (error instanceof TypeError && !(error.cause instanceof Error)) return undefined
    throw error
  }
}

const query = (search: [string, string][]) =>
  `/v2025-02-19/data/query/production?${new URLSearchParams(search).toString()}`

const categories: [string, (r: Random) => Sent][] = [
  ['GROQ queries', (r) => ({ method: 'GET', path: query([['query', fuzzQuery(r)]]) })],
  [
    'query params',
    (r) => {
      const input = fuzzParams(r)
      if (input.method === 'GET') {
        return { method: 'GET', path: query([['query', input.query], ...input.search]) }
      }
      return {
        method: 'POST',
        path: query([]),
        body: input.body,
        contentType: 'application/json',
      }
    },
  ],
  [
    'mutation bodies',
    (r) => {
      const input = fuzzWrite(r)
      return {
        method: 'POST',
        path: `/v2025-02-19/data/${input.endpoint}/production${input.search}`,
        body: input.body,
        contentType: 'application/json',
        token: input.token,
      }
    },
  ],
  [
    'asset uploads',
    (r) => {
      const input = fuzzUpload(r, samples)
      return {
        method: 'POST',
        path: `/v2025-02-19/assets/${input.kind}/production?${input.search}`,
        body: input.body,
        contentType: input.contentType,
        token: input.token,
      }
    },
  ],
  ['URL paths', (r) => fuzzPath(r)],
]

/** Writes a raw request and reads the whole answer: for what no HTTP client will send. */
async function raw(request: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(server.lake.url)
  const socket = connect(Number(port), hostname)
  let answer = ''
  socket.setEncoding('utf8')
  socket.on('data', (chunk: string) => {
    answer += chunk
    // One answer is all these tests read; the server may keep the connection open after it.
    if (/\r\n\r\n/.test(answer)) {
      const length = /content-length: (\d+)/i.exec(answer)?.[1]
      if (length && answer.split('\r\n\r\n')[1]?.length === Number(length)) socket.end()
    }
  })
  // The server may answer and close before it has read a huge request: the answer counts.
  socket.on('error', () => undefined)
  socket.write(request)
  await new Promise((resolve) => socket.on('close', resolve))
  const [head = '', body = ''] = answer.split('\r\n\r\n')
  return { status: Number(head.split(' ')[1]), body }
}

describe('fuzzing the real server', () => {
  it.each(categories)(
    `should answer ${perCategory} generated %s over HTTP with a 2xx or a Sanity 4xx`,
    async (name, generate) => {
      await expectEveryAnswerShaped({
        name: `${name} (HTTP)`,
        seed,
        count: perCategory,
        generate,
        send,
        bodiless: (request) => request.method === 'HEAD',
      })
      expect((await fetch(`${server.lake.url}/health`)).status).toBe(200)
    },
    120_000,
  )

  it(`should answer a URL over ${maxUrlBytes / 1024} KiB with a JSON 414`, async () => {
    const answer = await raw(
      `GET /v1/data/query/production?query=${'x'.repeat(maxUrlBytes)} HTTP/1.1\r\nHost: localhost\r\n\r\n`,
    )
    expect(answer.status).toBe(414)
    expect(JSON.parse(answer.body)).toEqual({
      statusCode: 414,
      error: 'URI Too Long',
      message: `The URL exceeds ${maxUrlBytes / 1024} KiB; send long queries with POST`,
    })
  })

  it('should answer a GET query with a URL just under the limit', async () => {
    const title = 'x'.repeat(maxUrlBytes - 200)
    const response = await fetch(
      query([['query', `*[title == "${title}"]`]]).replace(/^/, server.lake.url),
    )
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ result: [] })
  })

  it('should answer headers over the limit with a JSON 431', async () => {
    const answer = await raw(
      `GET /v1/ping HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'x'.repeat(maxHeaderBytes)}\r\n\r\n`,
    )
    expect(answer.status).toBe(431)
    expect(JSON.parse(answer.body)).toMatchObject({
      statusCode: 431,
      error: 'Request Header Fields Too Large',
    })
  })

  it(`should answer a request head over ${maxHeadBytes / 1024 / 1024} MiB, which Node's parser refuses, with a JSON 431`, async () => {
    const answer = await raw(
      `GET /v1/data/query/production?query=${'x'.repeat(maxHeadBytes)} HTTP/1.1\r\nHost: localhost\r\n\r\n`,
    )
    expect(answer.status).toBe(431)
    expect(JSON.parse(answer.body)).toMatchObject({
      statusCode: 431,
      message: expect.stringMatching(/1 MiB.*POST/) as string,
    })
    expect((await fetch(`${server.lake.url}/health`)).status).toBe(200)
  })

  it('should answer a malformed request line with a JSON 400', async () => {
    const answer = await raw('GET /v1/ping HTTP/9\r\n\r\n')
    expect(answer.status).toBe(400)
    expect(JSON.parse(answer.body)).toMatchObject({ statusCode: 400 })
  })

  it('should refuse a body declaring 100 GB before reading it', async () => {
    const answer = await raw(
      `POST /v1/data/mutate/production HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ${server.lake.tokens.write}\r\nContent-Type: application/json\r\nContent-Length: 100000000000\r\nConnection: close\r\n\r\n{}`,
    )
    expect(answer.status).toBe(413)
    expect(JSON.parse(answer.body)).toMatchObject({ statusCode: 413, error: 'Payload Too Large' })
  })

  it('should not normalise away an encoded ".." in a path segment', async () => {
    const answer = await raw(
      'GET /images/local/production/..%2F..%2Flake.db HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n',
    )
    expect(answer.status).toBe(404)
    expect(JSON.parse(answer.body)).toMatchObject({ statusCode: 404 })
  })
})
