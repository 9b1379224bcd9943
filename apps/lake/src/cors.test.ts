import { afterEach, describe, expect, it } from 'vitest'
import { readConfig } from './env.ts'
import { createTestLake } from './test-lake.ts'
import type { TestLake } from './test-lake.ts'

let lake: TestLake | undefined
afterEach(() => {
  lake?.cleanup()
  lake = undefined
})

function preflight(test: TestLake, origin: string): Promise<Response> {
  return test.request('/v2025-02-19/data/mutate/production', {
    method: 'OPTIONS',
    headers: {
      Origin: origin,
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'authorization,content-type',
    },
  })
}

describe('CORS origins', () => {
  it('should echo a listed origin with credentials, on requests and preflights', async () => {
    lake = createTestLake()
    for (const origin of ['http://localhost:3333', 'http://127.0.0.1:3000']) {
      const response = await lake.request('/v1/ping', { headers: { Origin: origin } })
      expect(response.headers.get('access-control-allow-origin')).toBe(origin)
      expect(response.headers.get('access-control-allow-credentials')).toBe('true')
      const options = await preflight(lake, origin)
      expect(options.status).toBe(204)
      expect(options.headers.get('access-control-allow-origin')).toBe(origin)
      expect(options.headers.get('access-control-allow-methods')).toContain('POST')
    }
  })

  it('should give unlisted origins no CORS headers, local ports included', async () => {
    lake = createTestLake()
    for (const origin of ['http://localhost:9999', 'https://evil.test', 'null']) {
      const response = await lake.request('/v1/ping', { headers: { Origin: origin } })
      expect(response.headers.get('access-control-allow-origin')).toBeNull()
      expect(response.headers.get('access-control-allow-credentials')).toBeNull()
      const options = await preflight(lake, origin)
      expect(options.headers.get('access-control-allow-origin')).toBeNull()
      expect(options.headers.get('access-control-allow-credentials')).toBeNull()
    }
  })

  it('should take the list from the options and always allow the sign-in Studio origins', async () => {
    lake = createTestLake({
      corsOrigins: ['https://preview.test'],
      login: { enabled: true, studioOrigins: ['http://localhost:4333'] },
    })
    const allowed = async (origin: string) =>
      (await preflight(lake as TestLake, origin)).headers.get('access-control-allow-origin')
    expect(await allowed('https://preview.test')).toBe('https://preview.test')
    expect(await allowed('http://localhost:4333')).toBe('http://localhost:4333')
    expect(await allowed('http://localhost:3333')).toBeNull()
  })
})

describe('LAKE_CORS_ORIGINS', () => {
  it('should default to the Studio and site dev servers plus LAKE_STUDIO_ORIGINS', () => {
    expect(readConfig({}).corsOrigins).toEqual([
      'http://localhost:3333',
      'http://127.0.0.1:3333',
      'http://localhost:3000',
      'http://127.0.0.1:3000',
    ])
    expect(readConfig({ LAKE_STUDIO_ORIGINS: 'http://localhost:4333/' }).corsOrigins).toEqual([
      'http://localhost:3333',
      'http://127.0.0.1:3333',
      'http://localhost:3000',
      'http://127.0.0.1:3000',
      'http://localhost:4333',
    ])
  })

  it('should replace the defaults, keep the Studio origins and reject non-URLs', () => {
    const config = readConfig({
      LAKE_CORS_ORIGINS: ' https://site.test/path , http://127.0.0.1:4000',
      LAKE_STUDIO_ORIGINS: 'http://localhost:4333',
    })
    expect(config.corsOrigins).toEqual([
      'https://site.test',
      'http://127.0.0.1:4000',
      'http://localhost:4333',
    ])
    expect(() => readConfig({ LAKE_CORS_ORIGINS: 'localhost:3000' })).toThrow(/LAKE_CORS_ORIGINS/)
  })
})
