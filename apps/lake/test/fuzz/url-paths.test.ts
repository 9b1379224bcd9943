import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestLake } from '../test-lake.ts'
import type { TestLake } from '../test-lake.ts'
import { seedFixture } from './fixture-documents.ts'
import { expectEveryAnswerShaped, fuzzSeed } from './fuzz-harness.ts'
import { fuzzPath } from './url-paths.ts'
import type { PathInput } from './url-paths.ts'

const seed = fuzzSeed(process.env.LAKE_FUZZ_SEED)

let lake: TestLake
beforeAll(async () => {
  lake = createTestLake({ inMemory: true, queryTimeoutMs: 100 })
  await seedFixture(lake)
})
afterAll(() => {
  lake.cleanup()
})

function send(input: PathInput): Promise<Response> {
  return lake.request(input.path, { method: input.method, token: input.token })
}

describe('fuzzing URL paths', () => {
  it('should answer 10,000 generated paths with a 2xx, 3xx or a Sanity 4xx', async () => {
    await expectEveryAnswerShaped({
      name: 'URL paths',
      seed,
      count: 10_000,
      generate: fuzzPath,
      send,
      // Redirects (sign-in, the listener pool) are answers too, and HEAD answers carry no body.
      bodiless: (input) => input.method === 'HEAD',
    })
    // Streams the fuzzer opened (listen, live events) were cancelled, and let go of the store.
    expect(lake.store.subscriberCount('production')).toBe(0)
  }, 120_000)
})
