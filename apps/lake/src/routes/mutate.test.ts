import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestLake } from '../../test/test-lake.ts'
import type { TestLake } from '../../test/test-lake.ts'

let lake: TestLake

beforeEach(() => {
  lake = createTestLake()
})
afterEach(() => {
  lake.cleanup()
})

interface MutateBody {
  transactionId: string
  results: { id: string; operation: string; document?: Record<string, unknown> }[]
}

const all = () => lake.store.snapshot('production').documents()

describe('POST /v*/data/mutate', () => {
  it('creates documents with system fields and returns ids and documents', async () => {
    const res = await lake.mutate(
      [{ create: { _type: 'post', title: 'A' } }, { create: { _id: 'drafts.', _type: 'post' } }],
      '?returnIds=true&returnDocuments=true',
    )
    expect(res.status).toBe(200)
    const body = (await res.json()) as MutateBody
    const [first, second] = body.results
    expect(first).toMatchObject({
      operation: 'create',
      document: { _type: 'post', title: 'A', _rev: body.transactionId },
    })
    expect(first?.document?._createdAt).toBe(first?.document?._updatedAt)
    expect(second?.id).toMatch(/^drafts\.[0-9a-f-]{36}$/)
    expect(lake.store.transactions('production')).toHaveLength(1)
  })

  it('honours a client-supplied transactionId and refuses to reuse it', async () => {
    const send = () =>
      lake.request('/v1/data/mutate/production', {
        token: 'write',
        body: {
          mutations: [{ createOrReplace: { _id: 'a', _type: 't' } }],
          transactionId: 'my-tx',
        },
      })
    const body = (await (await send()).json()) as MutateBody
    expect(body.transactionId).toBe('my-tx')
    expect(lake.store.snapshot('production').get('a')?._rev).toBe('my-tx')
    expect((await send()).status).toBe(409)
  })

  it('keeps _createdAt on replace and patch, bumps _rev and _updatedAt', async () => {
    await lake.mutate([{ create: { _id: 'a', _type: 't', n: 1 } }])
    const created = lake.store.snapshot('production').get('a')
    await new Promise((resolve) => setTimeout(resolve, 5))
    await lake.mutate([
      { createOrReplace: { _id: 'a', _type: 't', n: 2 } },
      { patch: { id: 'a', inc: { n: 5 } } },
    ])
    const updated = lake.store.snapshot('production').get('a')
    expect(updated).toMatchObject({ n: 7, _createdAt: created?._createdAt })
    expect(updated?._rev).not.toBe(created?._rev)
    expect(updated?._updatedAt).not.toBe(created?._updatedAt)
  })

  it('applies every patch operation', async () => {
    await lake.mutate([
      {
        create: { _id: 'a', _type: 't', title: 'hello world', n: 10, tags: ['a', 'c'], gone: true },
      },
    ])
    const res = await lake.mutate(
      [
        {
          patch: {
            id: 'a',
            set: { 'nested.x': 1 },
            setIfMissing: { title: 'ignored', added: 'yes' },
            unset: ['gone'],
            dec: { n: 3 },
            insert: { after: 'tags[0]', items: ['b'] },
            diffMatchPatch: { title: '@@ -1,5 +1,5 @@\n-hello\n+HELLO\n' },
          },
        },
      ],
      '?returnDocuments=true',
    )
    const doc = ((await res.json()) as MutateBody).results[0]?.document
    expect(doc).toMatchObject({
      title: 'HELLO world',
      n: 7,
      tags: ['a', 'b', 'c'],
      added: 'yes',
      nested: { x: 1 },
    })
    expect(doc).not.toHaveProperty('gone')
  })

  it('patches and deletes by query', async () => {
    await lake.mutate([
      { create: { _id: 'a', _type: 'post' } },
      { create: { _id: 'b', _type: 'post' } },
      { create: { _id: 'c', _type: 'page' } },
    ])
    await lake.mutate([
      { patch: { query: '*[_type == $t]', params: { t: 'post' }, set: { seen: true } } },
    ])
    expect(
      all()
        .filter((doc) => doc.seen)
        .map((doc) => doc._id),
    ).toEqual(['a', 'b'])
    const res = await lake.mutate([{ delete: { query: '*[_type == "post"]' } }])
    expect(((await res.json()) as MutateBody).results).toEqual([
      { id: 'a', operation: 'delete' },
      { id: 'b', operation: 'delete' },
    ])
    expect(all().map((doc) => doc._id)).toEqual(['c'])
  })

  it('createIfNotExists leaves existing documents alone', async () => {
    await lake.mutate([{ create: { _id: 'a', _type: 't', v: 1 } }])
    const res = await lake.mutate([{ createIfNotExists: { _id: 'a', _type: 't', v: 2 } }])
    expect(((await res.json()) as MutateBody).results).toEqual([{ id: 'a', operation: 'none' }])
    expect(lake.store.snapshot('production').get('a')?.v).toBe(1)
  })

  it('generates array keys when asked', async () => {
    await lake.mutate(
      [{ create: { _id: 'a', _type: 't', items: [{ x: 1 }, { _key: 'k', x: 2 }] } }],
      '?autoGenerateArrayKeys=true',
    )
    const items = lake.store.snapshot('production').get('a')?.items as { _key: string }[]
    expect(items[0]?._key).toMatch(/^[0-9a-f]{12}$/)
    expect(items[1]?._key).toBe('k')
  })

  it('supports dry runs', async () => {
    const res = await lake.mutate([{ create: { _id: 'a', _type: 't' } }], '?dryRun=true')
    expect(res.status).toBe(200)
    expect(all()).toEqual([])
  })
})

describe('mutation errors leave the dataset unchanged', () => {
  beforeEach(async () => {
    await lake.mutate([{ create: { _id: 'existing', _type: 't' } }])
  })

  it('409 when creating an existing id', async () => {
    const res = await lake.mutate([
      { create: { _id: 'fresh', _type: 't' } },
      { create: { _id: 'existing', _type: 't' } },
    ])
    expect(res.status).toBe(409)
    expect(await res.json()).toEqual({
      error: {
        type: 'mutationError',
        description: 'Mutation(s) failed with 1 error(s)',
        items: [
          {
            index: 1,
            error: {
              type: 'documentAlreadyExistsError',
              description: 'Document by ID "existing" already exists',
              id: 'existing',
            },
          },
        ],
      },
    })
    expect(all().map((doc) => doc._id)).toEqual(['existing'])
  })

  it('409 on a revision mismatch', async () => {
    const res = await lake.mutate([
      { delete: { id: 'existing' } },
      { createOrReplace: { _id: 'existing', _type: 't' } },
      { patch: { id: 'existing', ifRevisionID: 'stale', set: { x: 1 } } },
    ])
    expect(res.status).toBe(409)
    expect(await res.json()).toMatchObject({
      error: {
        type: 'mutationError',
        items: [{ index: 2, error: { type: 'documentRevisionIDDoesNotMatchError' } }],
      },
    })
    expect(all()).toHaveLength(1)
    expect(all()[0]).not.toHaveProperty('x')
  })

  it('409 when patching a missing document', async () => {
    const res = await lake.mutate([{ patch: { id: 'missing', set: { x: 1 } } }])
    expect(res.status).toBe(409)
    expect(await res.json()).toMatchObject({
      error: { items: [{ error: { type: 'documentNotFoundError', id: 'missing' } }] },
    })
  })

  it('400 for malformed JSON, unknown mutation kinds, bad ids and immutable fields', async () => {
    const bad = await lake.request('/v1/data/mutate/production', {
      token: 'write',
      body: '{"mutations": [',
    })
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ error: { type: 'mutationError' } })
    const unknown = await lake.mutate([
      { create: { _id: 'x', _type: 't' } },
      { upsert: { _id: 'y' } },
    ])
    expect(unknown.status).toBe(400)
    expect(await unknown.json()).toMatchObject({
      error: { type: 'mutationError', items: [{ index: 1 }] },
    })
    expect((await lake.mutate([{ create: { _id: 'bad id!', _type: 't' } }])).status).toBe(400)
    expect(
      (await lake.mutate([{ patch: { id: 'existing', set: { _type: 'other' } } }])).status,
    ).toBe(400)
    expect(all().map((doc) => doc._id)).toEqual(['existing'])
    expect(lake.store.transactions('production')).toHaveLength(1)
  })

  it('requires the write token', async () => {
    const body = { mutations: [{ create: { _type: 't' } }] }
    expect((await lake.request('/v1/data/mutate/production', { body })).status).toBe(401)
    const readOnly = await lake.request('/v1/data/mutate/production', { token: 'read', body })
    expect(readOnly.status).toBe(403)
    expect(await readOnly.json()).toMatchObject({
      error: {
        type: 'mutationError',
        items: [{ error: { type: 'insufficientPermissionsError' } }],
      },
    })
    expect(all()).toHaveLength(1)
  })
})

describe('transaction log', () => {
  it('records mutations and before/after per touched document', async () => {
    await lake.mutate([{ create: { _id: 'a', _type: 't', v: 1 } }])
    await lake.mutate([{ patch: { id: 'a', set: { v: 2 } } }, { create: { _id: 'b', _type: 't' } }])
    const [, second] = lake.store.transactions('production')
    expect(second?.mutations).toEqual([
      { patch: { id: 'a', set: { v: 2 } } },
      { create: { _id: 'b', _type: 't' } },
    ])
    expect(
      second?.changes.map((change) => [
        change.id,
        change.before?.v ?? null,
        change.after?.v ?? null,
      ]),
    ).toEqual([
      ['a', 1, 2],
      ['b', null, null],
    ])
  })
})
