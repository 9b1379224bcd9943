import { afterEach, describe, expect, it } from 'vitest'
import { readConfig } from '../env.ts'
import { createTestLake, testLoginSecret } from '../../test/test-lake.ts'
import type { TestLake } from '../../test/test-lake.ts'

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
      login: { enabled: true, studioOrigins: ['http://localhost:4333'], secret: testLoginSecret },
    })
    const allowed = async (origin: string) =>
      (await preflight(lake as TestLake, origin)).headers.get('access-control-allow-origin')
    expect(await allowed('https://preview.test')).toBe('https://preview.test')
    expect(await allowed('http://localhost:4333')).toBe('http://localhost:4333')
    expect(await allowed('http://localhost:3333')).toBeNull()
  })
})

describe('CORS as Sanity answers it (allowlist with credentials)', () => {
  const allowed = 'http://localhost:3333'
  const corsHeaders = (response: Response) =>
    [...response.headers.keys()].filter((name) => name.startsWith('access-control-'))

  it('should answer a preflight from an unlisted origin with no CORS header at all', async () => {
    lake = createTestLake()
    const options = await preflight(lake, 'https://evil.test')
    expect(corsHeaders(options)).toEqual([])
    expect(options.headers.get('vary')).toMatch(/Origin/)
  })

  it('should allow credentials on a listed origin, preflight and request alike', async () => {
    lake = createTestLake()
    const options = await preflight(lake, allowed)
    expect(options.headers.get('access-control-allow-credentials')).toBe('true')
    expect(options.headers.get('access-control-allow-headers')).toMatch(/authorization/i)
    const response = await lake.request('/v1/users/me', {
      token: 'read',
      headers: { Origin: allowed },
    })
    expect(response.headers.get('access-control-allow-origin')).toBe(allowed)
    expect(response.headers.get('access-control-allow-credentials')).toBe('true')
  })

  it('should never answer with a wildcard origin', async () => {
    lake = createTestLake()
    for (const origin of [allowed, 'https://evil.test', '*']) {
      const response = await lake.request('/v1/ping', { headers: { Origin: origin } })
      expect(response.headers.get('access-control-allow-origin')).not.toBe('*')
    }
  })

  it.each([
    ['a listed origin', allowed],
    ['an unlisted origin', 'https://evil.test'],
  ])('should vary by Origin for %s, so caches keep answers apart', async (_name, origin) => {
    lake = createTestLake()
    const response = await lake.request('/v1/ping', { headers: { Origin: origin } })
    expect(response.headers.get('vary')).toMatch(/Origin/)
  })

  it('should let a listed origin read error answers, which carry the CORS headers too', async () => {
    lake = createTestLake()
    const failures = [
      await lake.request('/v1/data/mutate/production', { body: {}, headers: { Origin: allowed } }),
      await lake.request('/v1/no/such/endpoint', { headers: { Origin: allowed } }),
      await lake.request('/v1/users/me', { token: 'wrong', headers: { Origin: allowed } }),
    ]
    expect(failures.map((response) => response.status)).toEqual([401, 404, 401])
    for (const response of failures) {
      expect(response.headers.get('access-control-allow-origin')).toBe(allowed)
      expect(response.headers.get('access-control-allow-credentials')).toBe('true')
    }
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
