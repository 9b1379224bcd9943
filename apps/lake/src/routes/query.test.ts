import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestLake } from '../../test/test-lake.ts'
import type { TestLake } from '../../test/test-lake.ts'

let lake: TestLake

beforeEach(async () => {
  lake = createTestLake()
  const res = await lake.mutate([
    {
      create: {
        _id: 'post-1',
        _type: 'post',
        title: 'Published',
        author: { _type: 'reference', _ref: 'author-1' },
      },
    },
    {
      create: {
        _id: 'drafts.post-1',
        _type: 'post',
        title: 'Draft',
        author: { _type: 'reference', _ref: 'author-1' },
      },
    },
    { create: { _id: 'drafts.post-2', _type: 'post', title: 'New draft' } },
    { create: { _id: 'author-1', _type: 'author', name: 'Ada' } },
    { create: { _id: 'drafts.author-1', _type: 'author', name: 'Ada (draft)' } },
  ])
  expect(res.status).toBe(200)
})
afterEach(() => {
  lake.cleanup()
})

const url = (query: string, extra = '') =>
  `/v2025-02-19/data/query/production?query=${encodeURIComponent(query)}${extra}`

describe('GET /v*/data/query', () => {
  it('answers in Sanity shape with the published perspective by default', async () => {
    const res = await lake.request(url('*[_type == "post"]{title}'))
    expect(res.status).toBe(200)
    const body = (await res.json()) as Record<string, unknown>
    expect(body).toMatchObject({
      query: '*[_type == "post"]{title}',
      result: [{ title: 'Published' }],
    })
    expect(body.ms).toEqual(expect.any(Number))
    expect(body.syncTags).toEqual([expect.stringMatching(/^s1:/)])
  })

  it('accepts any API version prefix and JSON-encoded $params', async () => {
    for (const version of ['v1', 'v2021-06-07', 'vX']) {
      const res = await lake.request(
        url('*[_id == $id][0].title', `&$id=${encodeURIComponent('"post-1"')}`).replace(
          'v2025-02-19',
          version,
        ),
      )
      expect(await res.json()).toMatchObject({ result: 'Published' })
    }
  })

  it('overlays drafts for the drafts perspective, including joins', async () => {
    const res = await lake.request(
      url(
        '*[_type == "post"] | order(_id) {_id, _originalId, title, "author": author->name}',
        '&perspective=drafts',
      ),
      { token: 'read' },
    )
    expect(((await res.json()) as { result: unknown }).result).toEqual([
      { _id: 'post-1', _originalId: 'drafts.post-1', title: 'Draft', author: 'Ada (draft)' },
      { _id: 'post-2', _originalId: 'drafts.post-2', title: 'New draft', author: null },
    ])
  })

  it('returns every document for raw with a token', async () => {
    const res = await lake.request(url('count(*)', '&perspective=raw'), { token: 'read' })
    expect(await res.json()).toMatchObject({ result: 5 })
  })

  it('refuses drafts to anonymous callers, gives them raw as public documents only, and hides drafts from joins', async () => {
    expect((await lake.request(url('*', '&perspective=drafts'))).status).toBe(401)
    const raw = await lake.request(url('*[]._id', '&perspective=raw'))
    expect(await raw.json()).toMatchObject({ result: ['author-1', 'post-1'] })
    const res = await lake.request(
      url('*[_id in ["drafts.post-1", "post-1"]]{_id, "a": *[_id == "drafts.author-1"][0]}'),
    )
    expect(await res.json()).toMatchObject({ result: [{ _id: 'post-1', a: null }] })
  })

  // Sanity's changelog of v2025-02-19: the default perspective changed from raw to published, and
  // `versions.**` documents are not returned to API versions before it.
  it('defaults to raw without versions on API versions before 2025-02-19, as Sanity does', async () => {
    expect(
      (
        await lake.mutate([
          { create: { _id: 'versions.r1.post-1', _type: 'post', title: 'In release r1' } },
        ])
      ).status,
    ).toBe(200)
    const ids = async (version: string, extra = '', token?: 'read') => {
      const path = url('*[_type == "post"] | order(_id)._id', extra).replace('v2025-02-19', version)
      const res = await lake.request(path, token ? { token } : {})
      expect(res.status, `${version} ${extra}`).toBe(200)
      return ((await res.json()) as { result: unknown }).result
    }
    const withoutVersions = ['drafts.post-1', 'drafts.post-2', 'post-1']
    for (const version of ['v1', 'v2021-06-07', 'v2025-02-18']) {
      expect(await ids(version, '', 'read')).toEqual(withoutVersions)
      expect(await ids(version, '&perspective=raw', 'read')).toEqual(withoutVersions)
      expect(await ids(version, '&perspective=published', 'read')).toEqual(['post-1'])
      expect(await ids(version)).toEqual(['post-1'])
    }
    for (const version of ['v2025-02-19', 'vX']) {
      expect(await ids(version, '', 'read')).toEqual(['post-1'])
      expect(await ids(version, '&perspective=raw', 'read')).toEqual([
        ...withoutVersions,
        'versions.r1.post-1',
      ])
    }
  })

  it('rejects invalid tokens with 401', async () => {
    const res = await lake.request(url('*'), { token: 'not-a-token' })
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'Session not found',
    })
  })

  it('reports GROQ syntax errors like Sanity', async () => {
    const res = await lake.request(url('*[_type == "post"'))
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({
      error: {
        type: 'queryParseError',
        description: expect.any(String) as string,
        start: expect.any(Number) as number,
        end: expect.any(Number) as number,
        query: '*[_type == "post"',
      },
    })
  })

  it('rejects malformed param JSON and unknown datasets', async () => {
    expect((await lake.request(url('*[_id == $id]', '&$id=unquoted'))).status).toBe(400)
    const res = await lake.request('/v1/data/query/nope?query=*')
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'Dataset "nope" not found',
    })
  })

  it('omits the query when returnQuery=false', async () => {
    const body = (await (await lake.request(url('1', '&returnQuery=false'))).json()) as Record<
      string,
      unknown
    >
    expect(body).not.toHaveProperty('query')
    expect(body.result).toBe(1)
  })
})

describe('POST /v*/data/query', () => {
  it('takes query, params and perspective from the body', async () => {
    const res = await lake.request('/v1/data/query/production', {
      token: 'read',
      body: { query: '*[_id == $id][0].title', params: { id: 'post-1' }, perspective: 'drafts' },
    })
    expect(await res.json()).toMatchObject({ result: 'Draft' })
  })

  it('takes the perspective from the query string too', async () => {
    const res = await lake.request('/v1/data/query/production?perspective=drafts', {
      token: 'read',
      body: { query: '*[_id == "post-1"][0].title' },
    })
    expect(await res.json()).toMatchObject({ result: 'Draft' })
  })

  it('rejects malformed bodies and oversized requests', async () => {
    expect((await lake.request('/v1/data/query/production', { body: '{nope' })).status).toBe(400)
    const huge = { query: '*', params: { big: 'x'.repeat(2 * 1024 * 1024) } }
    expect((await lake.request('/v1/data/query/production', { body: huge })).status).toBe(413)
  })
})

describe('misc endpoints', () => {
  it('answers ping, health and CORS preflights', async () => {
    expect(await (await lake.request('/v1/ping')).text()).toBe('PONG')
    expect(await (await lake.request('/v2025-02-19/data/ping/production')).text()).toBe('PONG')
    expect(await (await lake.request('/health')).json()).toMatchObject({ status: 'ok' })
    const preflight = await lake.request('/v1/data/mutate/production', {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://localhost:3333',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'authorization,content-type',
      },
    })
    expect(preflight.status).toBe(204)
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:3333')
    expect(preflight.headers.get('access-control-allow-credentials')).toBe('true')
    expect(preflight.headers.get('access-control-allow-headers')).toContain('X-Sanity-Project-ID')
    // Errors keep the CORS headers, so browsers can read Sanity's error body.
    const failed = await lake.request('/v1/ping', {
      token: 'bad',
      headers: { Origin: 'http://localhost:3000' },
    })
    expect(failed.status).toBe(401)
    expect(failed.headers.get('access-control-allow-origin')).toBe('http://localhost:3000')
    const foreign = await lake.request('/v1/ping', { headers: { Origin: 'https://evil.example' } })
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull()
  })
})

describe('content source maps', () => {
  it('should answer resultSourceMap when asked, mapping values to documents', async () => {
    await lake.mutate([{ create: { _id: 'a', _type: 'article', title: 'Hello' } }])
    const url = `/v2025-02-19/data/query/production?query=${encodeURIComponent('*[_id == "a"][0]{_id, title}')}`
    const plain = (await (await lake.request(url)).json()) as Record<string, unknown>
    expect(plain.resultSourceMap).toBeUndefined()
    const response = await lake.request(`${url}&resultSourceMap=withKeyArraySelector`)
    expect(await response.json()).toMatchObject({
      result: { _id: 'a', title: 'Hello' },
      resultSourceMap: {
        documents: [{ _id: 'a', _type: 'article' }],
        paths: ["$['title']"],
        mappings: {
          "$['title']": {
            type: 'value',
            source: { type: 'documentValue', document: 0, path: 0 },
          },
        },
      },
    })
  })
})
