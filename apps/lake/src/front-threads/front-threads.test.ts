import { once } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { SanityClient } from '@sanity/client'
import { lakeClient } from '@repo/lake-client'
import { rawRequest } from '@repo/raw-http/raw-request'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { readConfig } from '../env.ts'
import { serve } from '../server.ts'
import type { RunningLake } from '../server.ts'
import { startTestServer } from '../../test/test-lake.ts'
import type { FrontCounts } from './messages.ts'

// The real server with one front thread on its port. The kernel gives each new connection to one
// of the two listening sockets (SO_REUSEPORT), so every check below goes over `connections`
// fresh connections (`rawRequest` opens one per request): the chance that none reached the front
// thread is 2^-connections, and the front thread's counters show that some did.
const connections = 24

let server: Awaited<ReturnType<typeof startTestServer>>
let lake: RunningLake
let client: SanityClient

beforeAll(async () => {
  server = await startTestServer({
    LAKE_HTTP_THREADS: '1',
    LAKE_QUERY_WORKERS: '1',
    LAKE_LISTEN_POOL: '0',
  })
  lake = server.lake
  client = lakeClient(lake.url, { token: lake.tokens.write })
  await client
    .transaction()
    .create({ _id: 'post-1', _type: 'post', title: 'Published' })
    .create({ _id: 'drafts.post-1', _type: 'post', title: 'Draft' })
    .commit()
})
afterAll(() => server.close())

async function counts(): Promise<FrontCounts> {
  const [front] = (await lake.frontThreads?.counts()) ?? []
  if (!front) throw new Error('no front thread')
  return front
}

function queryPath(query: string, search: Record<string, string> = {}): string {
  const params = new URLSearchParams({ query, ...search })
  return `/v2025-02-19/data/query/production?${params.toString()}`
}

async function onFreshConnections<T>(ask: (index: number) => Promise<T>): Promise<T[]> {
  const answers: T[] = []
  for (let index = 0; index < connections; index++) answers.push(await ask(index))
  return answers
}

describe('front threads', () => {
  it('should answer queries on the front thread too, each seeing every write acknowledged before it', async () => {
    const before = await counts()
    const seen = await onFreshConnections(async (index) => {
      await client.createOrReplace({ _id: 'counter', _type: 'counter', n: index })
      const answer = await rawRequest(lake.url, queryPath('*[_id == "counter"][0].n'))
      return (JSON.parse(answer.body) as { result: unknown }).result
    })
    expect(seen).toEqual(Array.from({ length: connections }, (_, index) => index))
    const after = await counts()
    expect(after.inline).toBeGreaterThan(before.inline)
  })

  it('should check the Host, the token and the perspective on the front thread as the main thread does', async () => {
    const before = await counts()
    const asks = [
      () => rawRequest(lake.url, queryPath('count(*)'), { Host: 'evil.example' }),
      () => rawRequest(lake.url, queryPath('*[_id == $id][0].title', { $id: '"post-1"' })),
      () =>
        rawRequest(lake.url, queryPath('*[_id == "post-1"][0].title', { perspective: 'drafts' })),
      () =>
        rawRequest(lake.url, queryPath('*[_id == "post-1"][0].title', { perspective: 'drafts' }), {
          Authorization: `Bearer ${lake.tokens.read}`,
        }),
      () =>
        rawRequest(lake.url, queryPath('count(*)'), { Authorization: 'Bearer not-a-token-at-all' }),
      () => rawRequest(lake.url, '/v2025-02-19/data/query/missing?query=count(*)'),
      () => rawRequest(lake.url, queryPath('*[')),
      () =>
        rawRequest(lake.url, queryPath('count(*)'), {
          Origin: 'http://localhost:3333',
        }),
    ]
    const answers = await onFreshConnections(async (index) => {
      const { status, body, headers } = await (asks[index % asks.length] as (typeof asks)[0])()
      const parsed = JSON.parse(body) as Record<string, unknown>
      // The time taken differs from answer to answer.
      delete parsed.ms
      return { status, body: parsed, cors: headers['access-control-allow-origin'] }
    })
    const expected = [
      {
        status: 403,
        body: {
          statusCode: 403,
          error: 'Forbidden',
          message:
            'The Host header names no host of this lake; add the name to LAKE_ALLOWED_HOSTS to allow it',
        },
      },
      { status: 200, body: { query: '*[_id == $id][0].title', result: 'Published' } },
      { status: 401, body: { statusCode: 401, error: 'Unauthorized' } },
      { status: 200, body: { query: '*[_id == "post-1"][0].title', result: 'Draft' } },
      { status: 401, body: { statusCode: 401, message: 'Session not found' } },
      { status: 404, body: { error: 'Not Found' } },
      { status: 400, body: { error: { type: 'queryParseError' } } },
      { status: 200, body: { result: 2 }, cors: 'http://localhost:3333' },
    ]
    answers.forEach((answer, index) => {
      expect(answer).toMatchObject(expected[index % expected.length] as object)
    })
    const after = await counts()
    expect(after.inline).toBeGreaterThan(before.inline)
  })

  it('should forward mutations, documents, listeners and the presence WebSocket to the main thread', async () => {
    const before = await counts()
    const answers = await onFreshConnections(async (index) => {
      const mutation = await rawRequest(
        lake.url,
        '/v2025-02-19/data/mutate/production?returnIds=true',
        {
          Authorization: `Bearer ${lake.tokens.write}`,
          'Content-Type': 'application/json',
        },
        'POST',
      )
      const doc = await rawRequest(lake.url, '/v2025-02-19/data/doc/production/post-1')
      const listener = await rawRequest(
        lake.url,
        `/v2025-02-19/data/listen/production?query=${encodeURIComponent('*[_type == "post"]')}`,
      )
      const ws = new WebSocket(`${lake.url.replace(/^http/, 'ws')}/v2022-06-30/socket/production`)
      const [first] = (await once(ws, 'message')) as [Buffer]
      ws.close()
      return {
        index,
        mutation: mutation.status,
        doc: (JSON.parse(doc.body) as { documents: { title: string }[] }).documents[0]?.title,
        listener: listener.body.split('\n')[0],
        ws: first.toString(),
      }
    })
    answers.forEach((answer, index) => {
      // A mutation without a body: the main thread's answer, whichever socket took it.
      expect(answer).toEqual({
        index,
        mutation: 400,
        doc: 'Published',
        listener: 'event: welcome',
        ws: '♥',
      })
    })
    const after = await counts()
    expect(after.forwardedRequests).toBeGreaterThan(before.forwardedRequests)
  })

  it('should hand a query the clock checks cannot bound to the main thread, and answer it', async () => {
    const before = await counts()
    // `diff::` runs only on groq-js's async evaluator: query-cost.ts sends it to a worker.
    const query = 'diff::changedAny({"a": 1}, {"a": 2}, (a))'
    const answers = await onFreshConnections(async () => {
      const answer = await rawRequest(lake.url, queryPath(query))
      return {
        status: answer.status,
        result: (JSON.parse(answer.body) as { result: unknown }).result,
      }
    })
    for (const answer of answers) expect(answer).toEqual({ status: 200, result: true })
    const after = await counts()
    expect(after.forwardedQueries).toBeGreaterThan(before.forwardedQueries)
    expect(after.inline).toBe(before.inline)
  })

  it('should refuse to start on a port another lake listens on, rather than share it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lake-second-'))
    try {
      await expect(
        serve(
          readConfig({
            LAKE_PORT: String(lake.port),
            LAKE_DATA_DIR: dir,
            LAKE_SEED: 'none',
            LAKE_HTTP_THREADS: '1',
          }),
          () => undefined,
        ),
      ).rejects.toMatchObject({ code: 'EADDRINUSE' })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
