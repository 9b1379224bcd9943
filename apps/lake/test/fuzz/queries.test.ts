import { afterAll, beforeAll, describe, it } from 'vitest'
import { createTestLake } from '../test-lake.ts'
import type { TestLake } from '../test-lake.ts'
import { seedFixture } from './fixture-documents.ts'
import { expectEveryAnswerShaped, fuzzSeed } from './fuzz-harness.ts'
import { fuzzQuery } from './groq-queries.ts'
import { fuzzParams } from './query-params.ts'
import type { ParamsInput } from './query-params.ts'
import type { Random } from './random.ts'

const seed = fuzzSeed(process.env.LAKE_FUZZ_SEED)
const perspectives = [undefined, 'published', 'drafts', 'raw', 'previewDrafts', 'r1,drafts', '!']
const tokens = [undefined, 'read', 'write', 'not-a-token']

let lake: TestLake
beforeAll(async () => {
  // A short time limit, still ~10× what the fixture's real queries take: random queries include
  // cross joins, which must end as 400s, and each of them takes the whole limit.
  lake = createTestLake({ inMemory: true, queryTimeoutMs: 30 })
  await seedFixture(lake)
})
afterAll(() => {
  lake.cleanup()
})

interface QueryRequest {
  method: 'GET' | 'POST'
  search: [string, string][]
  body?: string
  token: string | undefined
}

function queryRequest(r: Random, query: string): QueryRequest {
  const search: [string, string][] = []
  const perspective = r.pick(perspectives)
  if (perspective !== undefined) search.push(['perspective', perspective])
  const token = r.pick(tokens)
  if (r.chance(0.5)) return { method: 'GET', search: [['query', query], ...search], token }
  return { method: 'POST', search, body: JSON.stringify({ query }), token }
}

function paramsRequest(r: Random, input: ParamsInput): QueryRequest {
  const token = r.pick(tokens)
  if (input.method === 'GET') {
    return { method: 'GET', search: [['query', input.query], ...input.search], token }
  }
  return { method: 'POST', search: [], body: input.body, token }
}

function send(request: QueryRequest): Promise<Response> {
  // URLSearchParams, not encodeURIComponent: it turns lone surrogates into U+FFFD instead of throwing.
  const search = new URLSearchParams(request.search).toString()
  return lake.request(`/v2025-02-19/data/query/production?${search}`, {
    method: request.method,
    token: request.token,
    body: request.body,
    headers: { 'Content-Type': 'application/json' },
  })
}

describe('fuzzing the query API', () => {
  it('should answer 10,000 generated GROQ queries with a 2xx or a Sanity 4xx', async () => {
    await expectEveryAnswerShaped({
      name: 'GROQ queries',
      seed,
      count: 10_000,
      generate: (r) => queryRequest(r, fuzzQuery(r)),
      send,
    })
  }, 120_000)

  it('should answer 10,000 generated query params with a 2xx or a Sanity 4xx', async () => {
    await expectEveryAnswerShaped({
      name: 'query params',
      seed,
      count: 10_000,
      generate: (r) => paramsRequest(r, fuzzParams(r)),
      send,
    })
  }, 120_000)
})
