import { mutatedQuery } from './groq-queries.ts'
import { hugeJson, jsonObject, jsonText, jsonValue, malformedJson } from './json-values.ts'
import type { Random } from './random.ts'

/** Ids a client might send: existing ones, drafts and versions, and every malformed kind. */
export function documentId(r: Random): string {
  return r.weighted([
    [6, () => `doc-${r.int(0, 19)}`],
    [2, () => `drafts.doc-${r.int(0, 19)}`],
    [1, () => `versions.r${r.int(0, 2)}.doc-${r.int(0, 19)}`],
    [1, () => r.word(20)],
    [1, () => r.text(30)],
    [
      1,
      () =>
        r.pick([
          '',
          '.',
          '..',
          'drafts.',
          'a..b',
          '-a',
          'a b',
          'a/b',
          '../../etc/passwd',
          'a'.repeat(r.int(150, 5000)),
          '😀',
          'drafts.drafts.a',
          'versions.a',
          '_.a',
        ]),
    ],
  ])
}

/** Patch paths: plain, keyed, indexed, wildcard and broken ones @sanity/mutator must refuse. */
function patchPath(r: Random): string {
  return r.weighted([
    [3, () => r.pick(['title', 'n', 'tags', 'body', 'nested.a', 'list'])],
    [2, () => r.pick(['list[0]', 'list[-1]', 'list[_key=="k1"]', 'list[*]', 'body[0].children'])],
    [1, () => r.pick(['_id', '_type', '_rev', '', '[', 'a[', 'a..b', 'a[0', '..', '*', 'a[1:2]'])],
    [1, () => r.text(20)],
  ])
}

function attributes(r: Random): Record<string, unknown> {
  return Object.fromEntries(
    Array.from({ length: r.int(0, 3) }, () => [patchPath(r), jsonValue(r, 3)]),
  )
}

function patch(r: Random): Record<string, unknown> {
  const operations: Record<string, unknown> = {}
  for (let count = r.int(1, 3); count > 0; count--) {
    const [name, value] = r.pick<[string, () => unknown]>([
      ['set', () => attributes(r)],
      ['setIfMissing', () => attributes(r)],
      ['unset', () => Array.from({ length: r.int(0, 3) }, () => patchPath(r))],
      ['inc', () => ({ [patchPath(r)]: r.pick([1, -1, 1e308, 0.5, 'x']) })],
      ['dec', () => ({ [patchPath(r)]: r.pick([1, 1e308, null]) })],
      [
        'diffMatchPatch',
        () => ({ [patchPath(r)]: r.pick(['@@ -1,3 +1,4 @@\n a\n+b\n', r.text(20)]) }),
      ],
      [
        'insert',
        () => ({
          [r.pick(['before', 'after', 'replace', 'sideways'])]: patchPath(r),
          items: r.chance(0.8) ? [jsonValue(r, 2)] : jsonValue(r, 2),
        }),
      ],
      ['ifRevisionID', () => r.pick(['nope', '', 'x'.repeat(300)])],
    ])
    operations[name] = r.chance(0.9) ? value() : jsonValue(r, 2)
  }
  return operations
}

function selection(r: Random): Record<string, unknown> {
  if (r.chance(0.8)) return { id: documentId(r) }
  return {
    query: r.chance(0.5) ? `*[_id == "doc-${r.int(0, 19)}"]` : mutatedQuery(r),
    ...(r.chance(0.3) ? { params: jsonObject(r, 2) } : {}),
  }
}

function document(r: Random): Record<string, unknown> {
  return {
    ...(r.chance(0.9) ? { _id: documentId(r) } : {}),
    ...(r.chance(0.9) ? { _type: r.chance(0.9) ? 'doc' : jsonValue(r, 1) } : {}),
    ...jsonObject(r, 2),
    ...(r.chance(0.2) ? { list: Array.from({ length: r.int(0, 50) }, () => jsonValue(r, 2)) } : {}),
  }
}

function mutation(r: Random): unknown {
  return r.weighted<unknown>([
    [3, () => ({ [r.pick(['create', 'createOrReplace', 'createIfNotExists'])]: document(r) })],
    [4, () => ({ patch: { ...selection(r), ...patch(r) } })],
    [2, () => ({ delete: selection(r) })],
    [1, () => ({ [r.pick(['create', 'patch', 'delete', 'unknown'])]: jsonValue(r, 2) })],
    [1, () => ({ create: document(r), delete: { id: documentId(r) } })],
    [1, () => jsonValue(r, 2)],
  ])
}

const actionTypes = [
  'create',
  'edit',
  'publish',
  'unpublish',
  'discard',
  'delete',
  'replaceDraft',
  'version.create',
  'version.discard',
  'version.replace',
  'nonsense',
].map((type) => `sanity.action.document.${type}`)

function action(r: Random): unknown {
  const id = `doc-${r.int(0, 19)}`
  const fields: Record<string, () => unknown> = {
    publishedId: () => (r.chance(0.8) ? id : documentId(r)),
    draftId: () => (r.chance(0.8) ? `drafts.${id}` : documentId(r)),
    versionId: () => (r.chance(0.7) ? `versions.r1.${id}` : documentId(r)),
    baseId: () => (r.chance(0.7) ? id : documentId(r)),
    attributes: () => document(r),
    document: () => document(r),
    patch: () => patch(r),
    includeDrafts: () => [`drafts.${id}`],
    ifExists: () => r.pick(['fail', 'ignore', 'maybe']),
    purge: () => r.chance(0.5),
    ifDraftRevisionId: () => r.pick(['nope', '']),
  }
  const built: Record<string, unknown> = {
    actionType: r.chance(0.9) ? r.pick(actionTypes) : jsonValue(r, 1),
  }
  for (const [name, make] of Object.entries(fields)) {
    if (r.chance(0.4)) built[name] = r.chance(0.9) ? make() : jsonValue(r, 1)
  }
  return built
}

/** A document nested deeper than JSON.stringify or any recursive walk can follow, as text. */
function deepDocument(r: Random, endpoint: 'mutate' | 'actions'): string {
  const depth = r.int(1_000, 50_000)
  const [open, close] = r.chance(0.5) ? ['[', ']'] : ['{"a":', '}']
  const value = `${open.repeat(depth)}1${close.repeat(depth)}`.replace('[1]', '[]')
  const id = `doc-${r.int(0, 19)}`
  if (endpoint === 'mutate') {
    return `{"mutations":[{"createOrReplace":{"_id":"${id}","_type":"doc","deep":${value}}}]}`
  }
  return `{"actions":[{"actionType":"sanity.action.document.replaceDraft","publishedId":"${id}","attributes":{"_id":"drafts.${id}","_type":"doc","deep":${value}}}]}`
}

export interface WriteRequest {
  endpoint: 'mutate' | 'actions'
  search: string
  body: string
  token: 'write' | 'read' | undefined
}

/** Small entries for the rare transaction far bigger than any client sends. */
const bulk = {
  mutate: (r: Random) => ({ patch: { id: `doc-${r.int(0, 19)}`, inc: { n: 1 } } }),
  actions: (r: Random) => ({
    actionType: 'sanity.action.document.edit',
    draftId: `drafts.doc-${r.int(0, 19)}`,
    publishedId: `doc-${r.int(0, 19)}`,
    patch: { set: { title: 'x' } },
  }),
}

function list(r: Random, item: (r: Random) => unknown, big: (r: Random) => unknown): unknown[] {
  if (r.chance(0.005)) return Array.from({ length: r.int(1_000, 10_000) }, () => big(r))
  return Array.from({ length: r.int(0, 4) }, () => item(r))
}

/** A body for `/data/mutate` or `/data/actions`: random shapes, wrong types, bad patches and ids. */
export function fuzzWrite(r: Random): WriteRequest {
  const endpoint = r.chance(0.7) ? 'mutate' : 'actions'
  const key = endpoint === 'mutate' ? 'mutations' : 'actions'
  const body = r.weighted<string>([
    [
      80,
      () =>
        jsonText({
          [key]: list(r, endpoint === 'mutate' ? mutation : action, bulk[endpoint]),
          ...(r.chance(0.2) ? { transactionId: r.pick(['tx-1', '', r.text(200)]) } : {}),
          ...(r.chance(0.2) ? { dryRun: r.chance(0.5) ? true : jsonValue(r, 1) } : {}),
        }),
    ],
    [10, () => jsonText(jsonValue(r))],
    [10, () => malformedJson(r)],
    [1, () => `{"${key}":${hugeJson(r)}}`],
    [1, () => deepDocument(r, endpoint)],
  ])
  const search = r.pick([
    '',
    '?returnIds=true',
    '?returnDocuments=true',
    '?dryRun=true',
    '?autoGenerateArrayKeys=true&returnDocuments=true',
    '?visibility=async',
  ])
  const token = r.weighted<WriteRequest['token']>([
    [18, () => 'write'],
    [1, () => 'read'],
    [1, () => undefined],
  ])
  return { endpoint, search, body, token }
}
