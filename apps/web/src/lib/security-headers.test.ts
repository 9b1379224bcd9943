import { describe, expect, it } from 'vitest'

import { securityHeaders } from './security-headers'

describe('securityHeaders', () => {
  it('should send exactly the policy the README states: only the Studio frames, inline scripts allowed', () => {
    const headers = Object.fromEntries(
      securityHeaders({
        imageHost: 'http://127.0.0.1:3210/',
        studioUrl: 'http://localhost:3333/studio',
      }).map(({ key, value }) => [key, value]),
    )
    const policy = headers['Content-Security-Policy'] ?? ''
    expect(policy.split('; ')).toEqual([
      "default-src 'self'",
      // As Next sends it: server.ts puts each page's own script hashes in place of 'unsafe-inline'.
      "script-src 'self' 'unsafe-inline'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob: http://127.0.0.1:3210",
      "font-src 'self'",
      "connect-src 'self'",
      "frame-ancestors 'self' http://localhost:3333",
      "base-uri 'self'",
      "form-action 'self'",
      "object-src 'none'",
    ])
    expect(headers['X-Content-Type-Options']).toBe('nosniff')
    expect(headers['Referrer-Policy']).toBe('strict-origin-when-cross-origin')
  })
})
