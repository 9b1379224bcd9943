import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { maxUploadBytes } from '../routes/assets.ts'
import { maxFeedbackBodyBytes } from '../routes/hosted-services.ts'
import { maxKeyValueBodyBytes } from '../routes/users.ts'
import { createTestLake } from '../../test/test-lake.ts'
import type { TestLake } from '../../test/test-lake.ts'

let lake: TestLake
beforeAll(() => {
  lake = createTestLake({ inMemory: true })
})
afterAll(() => {
  lake.cleanup()
})

const MiB = 1024 * 1024

describe('request body limits', () => {
  it.each([
    ['POST', '/v1/data/query/production', MiB],
    ['POST', '/v1/data/mutate/production', 32 * MiB],
    ['POST', '/v1/data/actions/production', 32 * MiB],
    ['POST', '/v1/assets/images/production', maxUploadBytes],
    ['POST', '/v1/assets/files/production', maxUploadBytes],
    ['PUT', '/v1/users/me/keyvalue', maxKeyValueBodyBytes],
    ['POST', '/v1/intake/feedback', maxFeedbackBodyBytes],
  ])('%s %s should refuse a body over %i bytes with a 413', async (method, path, limit) => {
    const response = await lake.request(path, {
      method,
      token: 'write',
      body: new Uint8Array(limit + 1),
      headers: { 'Content-Type': 'application/json' },
    })
    expect(response.status).toBe(413)
    expect(await response.json()).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      message: `Request body exceeds the limit of ${limit} bytes`,
    })
  })
})
