import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { maxQueryBytes, maxQueryTokens } from './query-size.ts'
import { createTestLake } from './test-lake.ts'
import type { TestLake } from './test-lake.ts'

const timeoutMs = 1000
let lake: TestLake

beforeAll(async () => {
  lake = createTestLake({ inMemory: true, queryTimeoutMs: timeoutMs })
  const documents = Array.from({ length: 3000 }, (_, i) => ({
    createOrReplace: { _id: `doc-${i}`, _type: 'doc', n: i },
  }))
  expect((await lake.mutate(documents)).status).toBe(200)
})
afterAll(() => {
  lake.cleanup()
})

async function post(query: string, params: Record<string, unknown> | string = {}) {
  const started = performance.now()
  const body = `{"query":${JSON.stringify(query)},"params":${typeof params === 'string' ? params : JSON.stringify(params)}}`
  const response = await lake.request('/v2025-02-19/data/query/production', {
    body,
    headers: { 'Content-Type': 'application/json' },
  })
  return { response, ms: performance.now() - started }
}

describe('query time limit (LAKE_QUERY_TIMEOUT_MS)', () => {
  it('should end a three-level cross join over 3,000 documents with a 400 at the limit', async () => {
    const rss = process.memoryUsage.rss()
    const { response, ms } = await post('*[]{ "x": *[]{ "y": *[] } }')
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({
      error: {
        type: 'queryTimeoutError',
        description: `Query exceeded the time limit of ${timeoutMs}ms`,
      },
    })
    expect(ms).toBeLessThan(timeoutMs + 1500)
    expect(process.memoryUsage.rss() - rss).toBeLessThan(1024 * 1024 * 1024)
  })

  it('should end a cross join over param arrays, which never touches the dataset', async () => {
    const items = Array.from({ length: 2000 }, (_, n) => ({ n }))
    const { response, ms } = await post('$a[]{ "x": $a[]{ "y": $a } }', { a: items })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ error: { type: 'queryTimeoutError' } })
    expect(ms).toBeLessThan(timeoutMs + 1500)
  })

  it('should refuse params nested deeper than any client sends with a 400', async () => {
    // As text: JSON.stringify itself gives up on nesting this deep.
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`
    const { response } = await post('$a', `{"a":${deep}}`)
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({
      message: 'Query params may nest at most 100 levels deep',
    })
  })
})

describe('query size limit', () => {
  it(`should refuse queries over ${maxQueryBytes} bytes with a 413`, async () => {
    const { response } = await post(JSON.stringify('x'.repeat(maxQueryBytes)))
    expect(response.status).toBe(413)
    expect(await response.json()).toMatchObject({ error: { type: 'queryTooLargeError' } })
  })

  it(`should refuse queries over ${maxQueryTokens} tokens with a 413, before parsing`, async () => {
    // groq-js parses operator chains in quadratic time: 24 kB of this took seconds.
    const chain = Array.from({ length: 12_000 }, () => 'a').join('||')
    const { response, ms } = await post(chain)
    expect(response.status).toBe(413)
    expect(await response.json()).toMatchObject({
      error: { type: 'queryTooLargeError', description: expect.stringMatching(/tokens/) as string },
    })
    expect(ms).toBeLessThan(200)
  })

  // Found by fuzzing: the index narrowing walked the tree recursively outside the error handling.
  it('should answer a query nested deeper than the stack with a 400, not a 500', async () => {
    const { response } = await post(`a${'.b'.repeat(3000)}`)
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ error: { type: 'queryExecutionError' } })
  })

  it('should parse the costliest query under the token limit in well under a second', async () => {
    const chain = Array.from({ length: maxQueryTokens / 2 }, () => '1').join('+')
    const { response, ms } = await post(chain)
    expect(response.status).toBe(400)
    expect(ms).toBeLessThan(1000)
  })
})
