import { describe, expect, it } from 'vitest'

import { parseEnv } from './env'

describe('parseEnv', () => {
  it('should default to the local lake, which also serves the images', () => {
    expect(parseEnv({})).toEqual({
      projectId: 'local',
      dataset: 'production',
      apiVersion: '2025-02-19',
      hosted: false,
      apiHost: 'http://127.0.0.1:3210',
      imageHost: 'http://127.0.0.1:3210',
      readToken: undefined,
      revalidateSecret: undefined,
      siteUrl: 'http://localhost:3000',
      allowedHosts: ['localhost', '127.0.0.1', '[::1]'],
      studioUrl: 'http://localhost:3333',
      redisUrl: undefined,
      port: 3000,
      distDir: '.next',
      isBuild: false,
    })
  })

  it('should take a Redis URL for the shared cache and refuse anything else', () => {
    expect(parseEnv({ REDIS_URL: 'redis://cache.internal:6379/0' })).toMatchObject({
      redisUrl: 'redis://cache.internal:6379/0',
    })
    expect(parseEnv({ REDIS_URL: '' })).toMatchObject({ redisUrl: undefined })
    expect(() => parseEnv({ REDIS_URL: 'http://cache.internal' })).toThrow(/REDIS_URL/)
  })

  it("should answer to SITE_URL's host, the SITE_HOSTS list and loopback, and refuse a URL there", () => {
    expect(
      parseEnv({ SITE_URL: 'https://example.com', SITE_HOSTS: ' www.example.com, Example.org ' }),
    ).toMatchObject({
      allowedHosts: [
        'example.com',
        'www.example.com',
        'example.org',
        'localhost',
        '127.0.0.1',
        '[::1]',
      ],
    })
    expect(() => parseEnv({ SITE_HOSTS: 'https://example.com' })).toThrow(/SITE_HOSTS/)
    expect(() => parseEnv({ SITE_HOSTS: 'example.com:443' })).toThrow(/SITE_HOSTS/)
  })

  it('should take the server port and refuse one that cannot be', () => {
    expect(parseEnv({ PORT: '4000' })).toMatchObject({ port: 4000 })
    expect(() => parseEnv({ PORT: '70000' })).toThrow(/PORT/)
    expect(() => parseEnv({ PORT: 'http' })).toThrow(/PORT/)
  })

  it('should refuse a revalidation secret short enough to guess', () => {
    expect(() => parseEnv({ SANITY_REVALIDATE_SECRET: 'short' })).toThrow(
      /SANITY_REVALIDATE_SECRET/,
    )
  })

  it('should treat blank variables as unset', () => {
    expect(parseEnv({ NEXT_PUBLIC_SANITY_DATASET: '', SITE_URL: '' })).toMatchObject({
      dataset: 'production',
      siteUrl: 'http://localhost:3000',
    })
  })

  it('should follow a lake elsewhere and drop trailing slashes', () => {
    expect(
      parseEnv({ SANITY_API_HOST: 'http://lake.internal:3299/', SITE_URL: 'https://example.com/' }),
    ).toMatchObject({
      hosted: false,
      apiHost: 'http://lake.internal:3299',
      imageHost: 'http://lake.internal:3299',
      siteUrl: 'https://example.com',
    })
  })

  it.each(['https://api.sanity.io', 'hosted', ''])(
    'should use hosted Sanity and its CDN for SANITY_API_HOST=%j',
    (host) => {
      expect(
        parseEnv({ SANITY_API_HOST: host, NEXT_PUBLIC_SANITY_PROJECT_ID: 'abc123' }),
      ).toMatchObject({
        hosted: true,
        projectId: 'abc123',
        apiHost: 'https://api.sanity.io',
        imageHost: 'https://cdn.sanity.io',
      })
    },
  )

  it('should let an image host override the derived one', () => {
    expect(parseEnv({ NEXT_PUBLIC_SANITY_IMAGE_HOST: 'https://img.example.com' }).imageHost).toBe(
      'https://img.example.com',
    )
  })

  it('should refuse hosted Sanity without a real project id, and malformed values', () => {
    expect(() => parseEnv({ SANITY_API_HOST: 'hosted' })).toThrow(/NEXT_PUBLIC_SANITY_PROJECT_ID/)
    expect(() => parseEnv({ SANITY_API_HOST: 'lake:3210' })).toThrow(/SANITY_API_HOST/)
    expect(() => parseEnv({ SITE_URL: 'ftp://example.com' })).toThrow(/SITE_URL/)
    expect(() => parseEnv({ NEXT_PUBLIC_SANITY_API_VERSION: 'v1' })).toThrow(/API_VERSION/)
  })

  it('should know when it runs inside `next build`', () => {
    expect(parseEnv({ NEXT_PHASE: 'phase-production-build' }).isBuild).toBe(true)
    expect(parseEnv({ NEXT_PHASE: 'phase-production-server' }).isBuild).toBe(false)
  })
})
