import { describe, expect, it } from 'vitest'
import { LakeError } from '../http/errors.ts'
import type { SanityDocument } from '../store/store.ts'
import { parseQuery } from './parse-query.ts'
import { runQuery } from './run-query.ts'

function view(documents: SanityDocument[]) {
  return { documents, byId: new Map(documents.map((doc) => [doc._id, doc])) }
}

const base = { params: {}, timeoutMs: 5000, projectId: 'local', dataset: 'production' }

describe('runQuery', () => {
  it('evaluates GROQ with params and joins', async () => {
    const docs = [
      { _id: 'p', _type: 'post', author: { _type: 'reference', _ref: 'au' } },
      { _id: 'au', _type: 'author', name: 'Ada' },
    ]
    const result = await runQuery('*[_type == $type]{ "name": author->name }', {
      ...base,
      view: view(docs),
      params: { type: 'post' },
    })
    expect(result).toEqual([{ name: 'Ada' }])
  })

  it('takes slice bounds from params, per param value', async () => {
    const docs = Array.from({ length: 5 }, (_, i) => ({ _id: `d${i}`, _type: 'd', n: i }))
    const query = '*[_type == "d"] | order(n asc)[0...$limit].n'
    const first = await runQuery(query, { ...base, view: view(docs), params: { limit: 2 } })
    const second = await runQuery(query, { ...base, view: view(docs), params: { limit: 3 } })
    expect([first, second]).toEqual([
      [0, 1],
      [0, 1, 2],
    ])
  })

  it('rejects queries referencing missing params', async () => {
    await expect(runQuery('*[_id == $id]', { ...base, view: view([]) })).rejects.toMatchObject({
      status: 400,
      body: {
        error: { type: 'queryParseError', description: 'param $id referenced, but not provided' },
      },
    })
  })

  it('aborts evaluations that exceed the time limit', async () => {
    const docs = Array.from({ length: 3000 }, (_, i) => ({ _id: `d${i}`, _type: 'd', n: i }))
    const error: unknown = await runQuery('*{ "c": count(*[n > ^.n]) }', {
      ...base,
      view: view(docs),
      timeoutMs: 50,
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LakeError)
    expect((error as LakeError).body).toMatchObject({ error: { type: 'queryTimeoutError' } })
  })

  it('caches parsed trees and reports syntax errors with positions', () => {
    expect(parseQuery('*[_type == "a"]')).toBe(parseQuery('*[_type == "a"]'))
    expect(() => parseQuery('*[_type == ')).toThrow(LakeError)
    try {
      parseQuery('*[_type == ')
    } catch (error) {
      expect((error as LakeError).body).toMatchObject({
        error: {
          type: 'queryParseError',
          query: '*[_type == ',
          start: expect.any(Number) as number,
        },
      })
    }
  })
})
