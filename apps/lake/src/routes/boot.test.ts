import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestLake } from '../../test/test-lake.ts'
import type { TestLake } from '../../test/test-lake.ts'

// Calls the Studio makes while booting or on the side; each must answer, never 5xx.
let lake: TestLake
beforeEach(() => {
  lake = createTestLake()
})
afterEach(() => {
  lake.cleanup()
})

async function json(url: string, token?: string): Promise<unknown> {
  const response = await lake.request(url, { token })
  expect(response.status).toBe(200)
  return response.json()
}

describe('Studio side calls', () => {
  it('should answer the auth probe for any token and 401 without one', async () => {
    expect(await json('/v2021-06-07/auth/id', 'write')).toEqual({ id: 'robot-write-token' })
    expect(await json('/v2021-06-07/auth/id', 'read')).toEqual({ id: 'robot-read-token' })
    expect((await lake.request('/v2021-06-07/auth/id')).status).toBe(401)
  })

  it('should pass the CORS probe and have no role requests or cross-dataset references', async () => {
    expect(await json('/v2025-02-19/check/cors')).toEqual({
      result: { allowed: true, withCredentials: true },
    })
    expect(await json('/v2025-02-19/access/requests/me', 'write')).toEqual([])
    expect(await json('/v2021-06-07/projects/local/features', 'write')).toEqual([
      'contentReleases',
      'singleDocRelease',
    ])
    // The Releases tool reads how long archived releases stay restorable.
    expect(await json('/v2025-02-19/subscriptions/project/local', 'write')).toMatchObject({
      featureTypes: { retention: { features: [{ attributes: { maxRetentionDays: 3650 } }] } },
    })
    // The Releases tool's plan check: no organisation limit, a count of the active releases.
    expect(await json('/vX/projects/local/new-content-release-allowed', 'write')).toMatchObject({
      data: {
        orgActiveReleaseLimit: null,
        orgActiveReleaseCount: 0,
        orgMeteredActiveReleaseCount: 0,
      },
    })
    expect(
      await json(
        '/v2023-11-13/data/references/production/documents/a/to?excludeInternalReferences=true',
        'write',
      ),
    ).toEqual({ totalCount: 0, references: [] })
  })

  it('should keep unknown endpoints a plain 404', async () => {
    const response = await lake.request('/v2025-02-19/nothing/here')
    expect(response.status).toBe(404)
    expect(await response.json()).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'Not Found',
    })
  })
})

describe('unknown endpoints', () => {
  it('should answer a plain 404 and log the endpoint once', async () => {
    const logged: string[] = []
    const lake = createTestLake({ logNotFound: (endpoint) => logged.push(endpoint) })
    try {
      const first = await lake.request('/v2025-02-19/nothing/here')
      expect(first.status).toBe(404)
      expect(await first.json()).toMatchObject({ statusCode: 404, message: 'Not Found' })
      await lake.request('/v1/nothing/here')
      expect(logged).toEqual(['GET /v*/nothing/here'])
    } finally {
      lake.cleanup()
    }
  })
})
