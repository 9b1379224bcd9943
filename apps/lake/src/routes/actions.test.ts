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

const get = (id: string) => lake.store.snapshot('production').get(id)

function act(actions: unknown[], extra: Record<string, unknown> = {}, token = 'write') {
  return lake.request('/v2025-02-19/data/actions/production', {
    token,
    body: { actions, ...extra },
  })
}

async function ok(actions: unknown[], extra: Record<string, unknown> = {}): Promise<string> {
  const response = await act(actions, extra)
  expect(response.status, await response.clone().text()).toBe(200)
  return ((await response.json()) as { transactionId: string }).transactionId
}

async function errorOf(response: Response) {
  return ((await response.json()) as { error: { type: string; description: string } }).error
}

const create = (id: string, fields: Record<string, unknown> = {}) => ({
  actionType: 'sanity.action.document.create',
  publishedId: id,
  attributes: { _id: `drafts.${id}`, _type: 'article', ...fields },
  ifExists: 'fail',
})
const edit = (id: string, patch: Record<string, unknown>) => ({
  actionType: 'sanity.action.document.edit',
  draftId: `drafts.${id}`,
  publishedId: id,
  patch,
})
const publish = (id: string, extra: Record<string, unknown> = {}) => ({
  actionType: 'sanity.action.document.publish',
  draftId: `drafts.${id}`,
  publishedId: id,
  ...extra,
})

describe('POST /v*/data/actions', () => {
  it('should create, edit and publish a draft with the client transaction id as _rev', async () => {
    const first = await ok([create('a', { title: 'One' }), edit('a', { set: { title: 'Two' } })], {
      transactionId: 'tx-1',
    })
    expect(first).toBe('tx-1')
    expect(get('drafts.a')).toMatchObject({ _type: 'article', title: 'Two', _rev: 'tx-1' })
    expect(get('a')).toBeUndefined()

    await ok([publish('a', { ifDraftRevisionId: 'tx-1' })], { transactionId: 'tx-2' })
    expect(get('drafts.a')).toBeUndefined()
    expect(get('a')).toMatchObject({ _id: 'a', title: 'Two', _rev: 'tx-2' })

    // The log records one transaction with both changes, for listeners and history.
    const [record] = lake.store.readLog('production', { reverse: true, limit: 1 })
    expect(record?.changes.map((change) => [change.id, change.after?._rev ?? null])).toEqual([
      ['a', 'tx-2'],
      ['drafts.a', null],
    ])
  })

  it('should start an edit from the published document when there is no draft', async () => {
    await lake.mutate([{ create: { _id: 'p', _type: 'article', title: 'Live', n: 1 } }])
    const createdAt = get('p')?._createdAt
    await ok([edit('p', { inc: { n: 1 } })])
    expect(get('drafts.p')).toMatchObject({ title: 'Live', n: 2, _createdAt: createdAt })
    expect(get('p')).toMatchObject({ n: 1 })
  })

  it('should refuse stale publishes and leave the dataset unchanged', async () => {
    await ok([create('a')], { transactionId: 'tx-1' })
    await ok([publish('a')])
    await ok([edit('a', { set: { title: 'again' } })])
    const before = lake.store.snapshot('production')
    const stale = await act([publish('a', { ifPublishedRevisionId: 'old' })])
    expect(stale.status).toBe(409)
    expect((await errorOf(stale)).type).toBe('documentRevisionIDDoesNotMatchError')
    expect(lake.store.snapshot('production')).toBe(before)

    const noDraft = await act([publish('b')])
    expect(noDraft.status).toBe(409)
    const exists = await act([create('a')])
    expect((await errorOf(exists)).type).toBe('documentAlreadyExistsError')
    expect((await act([{ ...create('a'), ifExists: 'ignore' }])).status).toBe(200)
    expect((await act([create('z')], { transactionId: 'tx-1' })).status).toBe(409)
  })

  it('should unpublish, discard and delete', async () => {
    await ok([create('a', { title: 'A' }), publish('a')])
    await ok([
      { actionType: 'sanity.action.document.unpublish', draftId: 'drafts.a', publishedId: 'a' },
    ])
    expect(get('a')).toBeUndefined()
    expect(get('drafts.a')).toMatchObject({ title: 'A' })

    await ok([{ actionType: 'sanity.action.document.discard', draftId: 'drafts.a' }])
    expect(get('drafts.a')).toBeUndefined()
    const missing = await act([
      { actionType: 'sanity.action.document.version.discard', versionId: 'drafts.a' },
    ])
    expect(missing.status).toBe(409)

    await ok([create('b'), publish('b'), create('b')])
    const withDraft = { actionType: 'sanity.action.document.delete', publishedId: 'b' }
    expect((await act([withDraft])).status).toBe(409)
    await ok([{ ...withDraft, includeDrafts: ['drafts.b'] }])
    expect([get('b'), get('drafts.b')]).toEqual([undefined, undefined])
  })

  it('should replace drafts and create and replace versions', async () => {
    await lake.mutate([{ create: { _id: 'p', _type: 'article', title: 'Live' } }])
    await ok([
      {
        actionType: 'sanity.action.document.replaceDraft',
        publishedId: 'p',
        attributes: { _id: 'drafts.p', _type: 'article', title: 'Restored' },
      },
    ])
    expect(get('drafts.p')).toMatchObject({ title: 'Restored' })
    await ok([
      {
        actionType: 'sanity.action.document.version.create',
        publishedId: 'p',
        baseId: 'p',
        versionId: 'versions.r1.p',
      },
      {
        actionType: 'sanity.action.document.version.replace',
        document: { _id: 'versions.r1.p', _type: 'article', title: 'In release' },
      },
    ])
    expect(get('versions.r1.p')).toMatchObject({ title: 'In release' })
  })

  it('should validate ids, bodies and permissions', async () => {
    const wrongDraft = await act([{ ...edit('a', { set: {} }), draftId: 'drafts.b' }])
    expect((await errorOf(wrongDraft)).type).toBe('invalidDocumentIdError')
    const unknown = await act([{ actionType: 'sanity.action.document.explode' }])
    expect(unknown.status).toBe(400)
    expect((await act([])).status).toBe(400)
    expect((await act([create('a')], {}, 'read')).status).toBe(403)
    const anonymous = await lake.request('/v1/data/actions/production', {
      body: { actions: [create('a')] },
    })
    expect(anonymous.status).toBe(401)
    expect((await act([create('a')], { dryRun: true })).status).toBe(200)
    expect(get('drafts.a')).toBeUndefined()
  })
})
