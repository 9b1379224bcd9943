import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LakeError } from '../http/errors.ts'
import { runQuery } from './run-query.ts'
import { maxQueryBytes, maxQueryTokens } from './query-size.ts'
import { createTestLake } from '../../test/test-lake.ts'
import type { TestLake } from '../../test/test-lake.ts'

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

  const list = (length: number) => `[${Array.from({ length }, (_, i) => i).join(',')}]`

  // Neither iterates the dataset or a param while it works: only node:vm's watchdog can stop them
  // (unbounded, the first would run for tens of seconds, the second ran for ~5 s).
  it.each([
    ['a filter over array literals', `${list(700)}[count(${list(700)}[@ in ${list(700)}]) > 0]`],
    [
      'array::intersects over dataset-sized arrays',
      'array::intersects(*[0...10]{"k": *._id}.k[], *.n)',
    ],
  ])('should end %s at the limit, and answer the next query', async (_name, query) => {
    const { response, ms } = await post(query)
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({
      error: {
        type: 'queryTimeoutError',
        description: `Query exceeded the time limit of ${timeoutMs}ms`,
      },
    })
    expect(ms).toBeLessThan(timeoutMs + 500)
    const next = await post('*[_id == $id][0].n', { id: 'doc-2999' })
    expect(next.response.status).toBe(200)
    expect(await next.response.json()).toMatchObject({ result: 2999 })
  })

  it('should end a `match` that backtracks for a minute at the limit', async () => {
    const params = { text: 'a'.repeat(40), pattern: `${'a*'.repeat(30)}b` }
    const { response, ms } = await post('$text match $pattern', params)
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ error: { type: 'queryTimeoutError' } })
    expect(ms).toBeLessThan(timeoutMs + 500)
  })

  it('should leave the document index whole when a query is stopped while using it', async () => {
    const documents = Array.from({ length: 3000 }, (_, n) => ({ _id: `d${n}`, _type: 'd', n }))
    // A view no query has seen: its in-place tables (`_id`, positions) are built for, not by, the
    // stopped query.
    const view = { documents, byId: new Map(documents.map((doc) => [doc._id, doc])) }
    const options = { view, params: {}, timeoutMs: 50, projectId: 'local', dataset: 'production' }
    const stopped: unknown = await runQuery(
      `*[_id == "d1"]{"x": ${list(300)}[count(${list(300)}[@ in ${list(300)}]) > 0]}`,
      options,
    ).catch((error: unknown) => error)
    expect(stopped).toBeInstanceOf(LakeError)
    expect((stopped as LakeError).body).toMatchObject({ error: { type: 'queryTimeoutError' } })
    await expect(runQuery('*[_id == "d2999"][0].n', options)).resolves.toBe(2999)
  })

  // `diff::` has no synchronous implementation: groq-js's async evaluator runs it, which no
  // watchdog can stop; the dataset's clock checks still do.
  it('should end a query only the async evaluator runs at the limit', async () => {
    const { response, ms } = await post(
      '*[]{ "d": diff::changedAny({}, {}, a), "x": *[]{ "y": *[] } }',
    )
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
    // Too deep for the index narrowing and groq-js's async evaluator (a 400 until both overflowed);
    // the synchronous one, which queries too deep to narrow now run on, adds it up.
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ result: maxQueryTokens / 2 })
    expect(ms).toBeLessThan(1000)
  })
})
