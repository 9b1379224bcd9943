import { describe, expect, it, vi } from 'vitest'

import { isUnreachable, staticParamsOrNone } from './lake-unreachable'

// What Node's fetch throws when nothing listens on the port.
const refused = new TypeError('fetch failed', {
  cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3210'), { code: 'ECONNREFUSED' }),
})
// What @sanity/client throws for an answer with an error status.
const answered = Object.assign(new Error('Bad request'), { statusCode: 400 })

describe('isUnreachable', () => {
  it('should tell a network failure from an error answer', () => {
    expect(isUnreachable(refused)).toBe(true)
    expect(isUnreachable(answered)).toBe(false)
    expect(isUnreachable(new TypeError('fetch failed'))).toBe(false)
    expect(isUnreachable('ECONNREFUSED')).toBe(false)
  })
})

describe('staticParamsOrNone', () => {
  it('should prerender nothing, with a warning, when the API is unreachable', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    await expect(staticParamsOrNone('/x', () => Promise.reject(refused))).resolves.toEqual([])
    expect(warn).toHaveBeenCalledOnce()
    warn.mockRestore()
  })

  it('should pass params through and other errors on', async () => {
    await expect(staticParamsOrNone('/x', () => Promise.resolve([{ slug: 'a' }]))).resolves.toEqual(
      [{ slug: 'a' }],
    )
    await expect(staticParamsOrNone('/x', () => Promise.reject(answered))).rejects.toBe(answered)
  })
})
