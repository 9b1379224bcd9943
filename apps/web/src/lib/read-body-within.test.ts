import { describe, expect, it } from 'vitest'

import { readBodyWithin } from './read-body-within'

/** A streamed (chunked) body of `count` chunks of `size` bytes, counting how many were pulled. */
function streamedBody(count: number, size: number) {
  let pulled = 0
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled === count) controller.close()
      else {
        pulled += 1
        controller.enqueue(new Uint8Array(size).fill(120))
      }
    },
  })
  return { body, pulled: () => pulled }
}

const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  // A streamed body needs `duplex`, which TypeScript's RequestInit does not know yet.
  new Request('http://site.test/api/revalidate', {
    method: 'POST',
    body,
    headers,
    duplex: 'half',
  } as RequestInit)

describe('readBodyWithin', () => {
  it('should return a body within the limit as text', async () => {
    expect(await readBodyWithin(post('{"_id":"a"}'), 64)).toBe('{"_id":"a"}')
  })

  it('should refuse a declared Content-Length over the limit without reading', async () => {
    const { body, pulled } = streamedBody(10, 1024)
    expect(await readBodyWithin(post(body, { 'content-length': '10240' }), 4096)).toBeUndefined()
    expect(pulled()).toBeLessThanOrEqual(1)
  })

  it('should stop reading a chunked body as soon as it passes the limit', async () => {
    const { body, pulled } = streamedBody(1000, 1024)
    expect(await readBodyWithin(post(body), 4096)).toBeUndefined()
    expect(pulled()).toBeLessThan(10)
  })
})
