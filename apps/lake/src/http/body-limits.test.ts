import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { maxUploadBytes } from '../routes/assets.ts'
import { maxFeedbackBodyBytes } from '../routes/hosted-services.ts'
import { maxKeyValueBodyBytes } from '../routes/users.ts'
import { createTestLake, startTestServer } from '../../test/test-lake.ts'
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

describe('answers sent before the body is read, over a real socket', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>
  beforeAll(async () => {
    server = await startTestServer({ LAKE_LISTEN_POOL: '0' })
  })
  afterAll(async () => {
    await server.close()
  })

  // Big enough that the lake answers while the client is still sending it.
  const bigMutation = JSON.stringify({
    mutations: [{ create: { _type: 'x', title: 'a'.repeat(1_900_000) } }],
  })
  const cases = () =>
    [
      {
        path: '/v2025-02-19/data/mutate/production',
        token: 'nope',
        body: bigMutation,
        status: 401,
        answer: { statusCode: 401, error: 'Unauthorized', message: 'Session not found' },
      },
      {
        path: '/v2025-02-19/nothing/here',
        token: undefined,
        body: bigMutation,
        status: 404,
        answer: { statusCode: 404, error: 'Not Found', message: 'Not Found' },
      },
      {
        path: '/v2025-02-19/data/mutate/production',
        token: server.lake.tokens.read,
        body: JSON.stringify({
          mutations: [{ create: { _type: 'x', list: Array.from({ length: 300_000 }, () => 0) } }],
        }),
        status: 403,
        answer: {
          error: {
            description: 'Mutation(s) failed with 1 error(s)',
            items: [
              {
                error: {
                  type: 'insufficientPermissionsError',
                  description: 'Insufficient permissions; permission "update" required',
                  permission: 'update',
                },
                index: 0,
              },
            ],
            type: 'mutationError',
          },
        },
      },
      {
        path: '/v2025-02-19/data/query/production',
        token: server.lake.tokens.read,
        body: bigMutation,
        status: 413,
        answer: {
          statusCode: 413,
          error: 'Payload Too Large',
          message: `Request body exceeds the limit of ${MiB} bytes`,
        },
      },
    ] as const

  it('should deliver each 401, 404, 403 and 413 with its body, on fresh and reused connections', async () => {
    const answers: unknown[] = []
    const expected: unknown[] = []
    // Rounds on the same keep-alive pool: a connection a previous answer left behind is reused.
    for (let round = 0; round < 5; round++) {
      for (const { path, token, body, status, answer } of cases()) {
        expected.push({ path, status, answer })
        try {
          const response = await fetch(`http://127.0.0.1:${server.port}${path}`, {
            method: 'POST',
            body,
            headers: {
              'Content-Type': 'application/json',
              ...(token ? { Authorization: `Bearer ${token}` } : {}),
            },
          })
          answers.push({ path, status: response.status, answer: await response.json() })
        } catch (error) {
          const cause = error instanceof Error ? error.cause : undefined
          answers.push({ path, error: cause instanceof Error ? cause.message : String(error) })
        }
      }
    }
    expect(answers).toEqual(expected)
  })
})
