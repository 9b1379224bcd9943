import { describe, expect, it } from 'vitest'

import { securityHeaders } from './security-headers'

describe('securityHeaders', () => {
  it('should let only the Studio frame the site and images come from the image host', () => {
    const headers = Object.fromEntries(
      securityHeaders({
        imageHost: 'http://127.0.0.1:3210/',
        studioUrl: 'http://localhost:3333/studio',
      }).map(({ key, value }) => [key, value]),
    )
    const policy = headers['Content-Security-Policy'] ?? ''
    expect(policy).toContain("frame-ancestors 'self' http://localhost:3333;")
    expect(policy).toContain("img-src 'self' data: blob: http://127.0.0.1:3210;")
    expect(policy).toContain("object-src 'none'")
    expect(headers['X-Content-Type-Options']).toBe('nosniff')
    expect(headers['Referrer-Policy']).toBe('strict-origin-when-cross-origin')
  })
})
