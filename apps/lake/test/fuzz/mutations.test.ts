import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestLake } from '../test-lake.ts'
import type { TestLake } from '../test-lake.ts'
import { expectEveryAnswerShaped, fuzzSeed } from './fuzz-harness.ts'
import { fuzzWrite } from './mutation-bodies.ts'
import type { WriteRequest } from './mutation-bodies.ts'

const seed = fuzzSeed(process.env.LAKE_FUZZ_SEED)

let lake: TestLake
beforeAll(async () => {
  lake = createTestLake({ inMemory: true, queryTimeoutMs: 100 })
  const documents = Array.from({ length: 20 }, (_, i) => ({
    createOrReplace: {
      _id: `doc-${i}`,
      _type: 'doc',
      title: `Doc ${i}`,
      n: i,
      list: [{ _key: 'k1', v: 1 }, 'x'],
      nested: { a: 1 },
    },
  }))
  expect((await lake.mutate(documents)).status).toBe(200)
})
afterAll(() => {
  lake.cleanup()
})

function send(request: WriteRequest): Promise<Response> {
  return lake.request(`/v2025-02-19/data/${request.endpoint}/production${request.search}`, {
    method: 'POST',
    token: request.token,
    body: request.body,
    headers: { 'Content-Type': 'application/json' },
  })
}

describe('fuzzing the write API', () => {
  // Found by this fuzzer: zod copied the key into the prototype, and `_id: null` crashed (500).
  it('should refuse a "__proto__" attribute with a 400', async () => {
    const response = await lake.request('/v2025-02-19/data/mutate/production', {
      token: 'write',
      body: '{"mutations":[{"create":{"_type":"doc","__proto__":{"_id":null}}}]}',
      headers: { 'Content-Type': 'application/json' },
    })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({
      error: { type: 'mutationError', description: 'Attribute name "__proto__" is not allowed' },
    })
  })

  it('should answer 10,000 generated mutation and action bodies with a 2xx or a Sanity 4xx', async () => {
    await expectEveryAnswerShaped({
      name: 'mutation bodies',
      seed,
      count: 10_000,
      generate: fuzzWrite,
      send,
    })
  }, 120_000)
})
