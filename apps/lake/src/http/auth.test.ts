import { describe, expect, it } from 'vitest'
import { digest, matchesDigest } from './auth.ts'
import { createTestLake, testTokens } from '../../test/test-lake.ts'

describe('token comparison', () => {
  const secret = 'skwrite0123456789abcdef'

  it.each([
    ['the same token', secret, true],
    ['a token differing in the last character', `${secret.slice(0, -1)}0`, false],
    ['a prefix of the token', secret.slice(0, 8), false],
    ['a longer token', `${secret}x`, false],
    ['the empty string', '', false],
    ['non-ASCII text', 'sköldpadda😀', false],
  ])('should compare %s by digest, whatever its length', (_name, presented, expected) => {
    // timingSafeEqual throws on buffers of unequal length: digests never are.
    expect(matchesDigest(presented, digest(secret))).toBe(expected)
  })

  it('should accept both API tokens and nothing that merely resembles them', async () => {
    const lake = createTestLake({ inMemory: true })
    try {
      const status = async (token: string) =>
        (await lake.request('/v1/users/me', { headers: { Authorization: `Bearer ${token}` } }))
          .status
      expect(await status(testTokens.read)).toBe(200)
      expect(await status(testTokens.write)).toBe(200)
      for (const near of [
        testTokens.write.slice(0, -1),
        `x${testTokens.read}`,
        testTokens.read.toUpperCase(),
      ]) {
        expect(await status(near)).toBe(401)
      }
    } finally {
      lake.cleanup()
    }
  })
})
