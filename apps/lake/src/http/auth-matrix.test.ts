import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listenOnRandomPort, openEventStream } from '../../test/test-sse.ts'
import { createTestLake, testTokens } from '../../test/test-lake.ts'
import type { TestLake } from '../../test/test-lake.ts'

/**
 * Who may do what, one test per cell: anonymous callers, the read token and the write token
 * against every endpoint family (and every perspective where the endpoint takes one).
 */

type Role = 'anonymous' | 'read' | 'write'
const roles: Role[] = ['anonymous', 'read', 'write']
const perspectives = ['published', 'drafts', 'raw', 'previewDrafts'] as const

const published = [
  { _id: 'post-1', _type: 'post', title: 'Public title', n: 1 },
  { _id: 'author-1', _type: 'author', name: 'Ada' },
  // Published documents pointing at a draft-only document, by draft id and by published id. Weak,
  // as the Studio writes them, since the lake (like Sanity) refuses strong references to missing
  // documents and `publicLake` has no draft.
  {
    _id: 'pointer',
    _type: 'pointer',
    toDraft: { _type: 'reference', _ref: 'drafts.secret', _weak: true },
    toPublished: { _type: 'reference', _ref: 'secret', _weak: true },
  },
]
const private_ = [
  { _id: 'drafts.post-1', _type: 'post', title: 'Secret draft title', n: 99 },
  { _id: 'drafts.secret', _type: 'post', title: 'Top secret', n: -1 },
  { _id: 'versions.r1.post-1', _type: 'post', title: 'Release title', n: 50 },
  { _id: 'versions.r1.secret', _type: 'post', title: 'Release secret', n: -2 },
]

const tokenOf = (role: Role) => (role === 'anonymous' ? undefined : role)

let lake: TestLake
/** Left untouched by the tests, for comparing answers with `publicLake`. */
let pristineLake: TestLake
/** The same published documents and nothing else: what anonymous callers must be unable to tell apart. */
let publicLake: TestLake
let imagePath: string

beforeAll(async () => {
  lake = createTestLake({ inMemory: true })
  pristineLake = createTestLake({ inMemory: true })
  publicLake = createTestLake({ inMemory: true })
  const create = (documents: object[]) => documents.map((doc) => ({ create: doc }))
  for (const target of [lake, pristineLake]) {
    expect((await target.mutate(create([...published, ...private_]))).status).toBe(200)
  }
  expect((await publicLake.mutate(create(published))).status).toBe(200)
  const png = await sharp({ create: { width: 2, height: 2, channels: 3, background: '#fff' } })
    .png()
    .toBuffer()
  const uploaded = await lake.request('/v1/assets/images/production', {
    token: 'write',
    body: png,
    headers: { 'Content-Type': 'image/png' },
  })
  imagePath = ((await uploaded.json()) as { document: { path: string } }).document.path
})
afterAll(() => {
  for (const target of [lake, pristineLake, publicLake]) target.cleanup()
})

const ids = (documents: { _id: string }[]) => documents.map((doc) => doc._id).sort()
const privateIds = /^(drafts|versions)\./

async function query(
  target: TestLake,
  role: Role,
  groq: string,
  options: { perspective?: string; method?: 'GET' | 'POST'; params?: object } = {},
) {
  const { perspective, method = 'GET', params = {} } = options
  const search = new URLSearchParams({ query: groq })
  if (perspective) search.set('perspective', perspective)
  for (const [name, value] of Object.entries(params)) search.set(`$${name}`, JSON.stringify(value))
  if (method === 'GET') {
    return target.request(`/v2025-02-19/data/query/production?${search.toString()}`, {
      token: tokenOf(role),
    })
  }
  return target.request('/v2025-02-19/data/query/production', {
    token: tokenOf(role),
    body: { query: groq, params, ...(perspective ? { perspective } : {}) },
  })
}

describe('auth matrix: queries', () => {
  const cells = roles.flatMap((role) =>
    perspectives.flatMap((perspective) =>
      (['GET', 'POST'] as const).map((method) => ({ role, perspective, method })),
    ),
  )

  it.each(cells)('query $method as $role, perspective $perspective', async (cell) => {
    const response = await query(lake, cell.role, '*[_type == "post"]{_id, title}', cell)
    // Raw is every document an anonymous caller may see: the public ones, as `published` shows.
    const anonymousSees = ['published', 'raw']
    if (cell.role === 'anonymous' && !anonymousSees.includes(cell.perspective)) {
      expect(response.status).toBe(401)
      expect(await response.json()).toMatchObject({ statusCode: 401, error: 'Unauthorized' })
      return
    }
    expect(response.status).toBe(200)
    const { result } = (await response.json()) as { result: { _id: string; title: string }[] }
    const titles = result.map((doc) => doc.title).sort()
    if (cell.perspective === 'published') expect(titles).toEqual(['Public title'])
    if (cell.perspective === 'raw') {
      if (cell.role === 'anonymous') expect(titles).toEqual(['Public title'])
      else expect(result).toHaveLength(5)
    }
    // The draft wins over the published document, under the published id.
    if (cell.perspective === 'drafts' || cell.perspective === 'previewDrafts') {
      expect(result).toEqual([
        { _id: 'post-1', title: 'Secret draft title' },
        { _id: 'secret', title: 'Top secret' },
      ])
    }
  })
})

interface Cell {
  family: string
  role: Role
  /** Sends the request and checks the answer for this role. */
  run: (role: Role) => Promise<void>
}

const write = { anonymous: 401, read: 403, write: 200 } as const

const families: Omit<Cell, 'role'>[] = [
  {
    family: 'doc',
    run: async (role) => {
      const response = await lake.request(
        '/v2025-02-19/data/doc/production/post-1,drafts.post-1,versions.r1.post-1',
        { token: tokenOf(role) },
      )
      const body = (await response.json()) as { documents: { _id: string }[]; omitted: object[] }
      if (role === 'anonymous') {
        expect(ids(body.documents)).toEqual(['post-1'])
        expect(body.omitted).toEqual([
          { id: 'drafts.post-1', reason: 'permission' },
          { id: 'versions.r1.post-1', reason: 'permission' },
        ])
      } else {
        expect(ids(body.documents)).toEqual(['drafts.post-1', 'post-1', 'versions.r1.post-1'])
      }
    },
  },
  {
    family: 'doc with includeAllVersions',
    run: async (role) => {
      const response = await lake.request(
        '/v2025-02-19/data/doc/production/post-1?includeAllVersions=true',
        { token: tokenOf(role) },
      )
      const body = (await response.json()) as { documents: { _id: string }[] }
      expect(ids(body.documents).some((id) => privateIds.test(id))).toBe(role !== 'anonymous')
    },
  },
  {
    family: 'mutate',
    run: async (role) => {
      const response = await lake.request('/v2025-02-19/data/mutate/production?dryRun=true', {
        token: tokenOf(role),
        body: { mutations: [{ patch: { id: 'post-1', set: { n: 2 } } }] },
      })
      expect(response.status).toBe(write[role])
    },
  },
  {
    family: 'actions',
    run: async (role) => {
      const response = await lake.request('/v2025-02-19/data/actions/production', {
        token: tokenOf(role),
        body: {
          dryRun: true,
          actions: [
            {
              actionType: 'sanity.action.document.edit',
              draftId: 'drafts.post-1',
              publishedId: 'post-1',
              patch: { set: { n: 3 } },
            },
          ],
        },
      })
      expect(response.status).toBe(write[role])
    },
  },
  {
    family: 'history',
    run: async (role) => {
      const paths = [
        'transactions/drafts.post-1,post-1',
        'documents/drafts.post-1?lastRevision=true',
        'events/documents/post-1',
      ]
      for (const path of paths) {
        const response = await lake.request(`/v2025-02-19/data/history/production/${path}`, {
          token: tokenOf(role),
        })
        expect(response.status, path).toBe(role === 'anonymous' ? 401 : 200)
        if (role !== 'anonymous') expect(await response.text()).toContain('drafts.post-1')
      }
    },
  },
  {
    family: 'export',
    run: async (role) => {
      const response = await lake.request('/v2025-02-19/data/export/production', {
        token: tokenOf(role),
      })
      const exported = (await response.text())
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { _id: string })
      expect(exported.some((doc) => privateIds.test(doc._id))).toBe(role !== 'anonymous')
    },
  },
  {
    family: 'assets upload',
    run: async (role) => {
      const response = await lake.request('/v2025-02-19/assets/files/production', {
        token: tokenOf(role),
        body: new TextEncoder().encode(`upload by ${role}`),
        headers: { 'Content-Type': 'text/plain' },
      })
      expect(response.status).toBe(write[role])
    },
  },
  {
    family: 'images',
    run: async (role) => {
      const response = await lake.request(`/${imagePath}?w=1`, { token: tokenOf(role) })
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe('image/png')
    },
  },
  {
    family: 'users/me',
    run: async (role) => {
      const response = await lake.request('/v2025-02-19/users/me', { token: tokenOf(role) })
      expect(response.status).toBe(200)
      const me = (await response.json()) as { id?: string }
      expect(me.id).toBe(role === 'anonymous' ? undefined : `robot-${role}-token`)
    },
  },
  {
    family: 'projects/acl',
    run: async (role) => {
      const response = await lake.request('/v2025-02-19/projects/local/datasets/production/acl', {
        token: tokenOf(role),
      })
      const [grant] = (await response.json()) as { filter: string; permissions: string[] }[]
      const expected = {
        anonymous: ['read'],
        read: ['history', 'read'],
        write: ['history', 'read', 'create', 'update', 'manage'],
      }
      expect(grant?.permissions).toEqual(expected[role])
      if (role === 'anonymous') expect(grant?.filter).toMatch(/drafts\.\*\*.*versions\.\*\*/)
    },
  },
  {
    family: 'live events with includeDrafts',
    run: async (role) => {
      const response = await lake.request(
        '/v2025-02-19/data/live/events/production?includeDrafts=true',
        { token: tokenOf(role) },
      )
      expect(response.status).toBe(role === 'anonymous' ? 401 : 200)
      await response.body?.cancel()
    },
  },
]

describe('auth matrix: every other endpoint family', () => {
  const cells: Cell[] = families.flatMap((family) => roles.map((role) => ({ ...family, role })))
  it.each(cells)('$family as $role', async (cell) => {
    await cell.run(cell.role)
  })
})

describe('auth matrix: the listener stream', () => {
  it.each(roles)('listen as %s: draft and version changes only with a token', async (role) => {
    const server = await listenOnRandomPort(lake.app.fetch)
    const headers: Record<string, string> =
      role === 'anonymous' ? {} : { Authorization: `Bearer ${testTokens[role]}` }
    const query = encodeURIComponent('*[_type == "post"]')
    const stream = await openEventStream(
      `${server.url}/v2025-02-19/data/listen/production?query=${query}&includeAllVersions=true`,
      headers,
    )
    try {
      expect((await stream.nextEvent()).event).toBe('welcome')
      // Private changes first: events are ordered, so the first event tells whether they leaked.
      await lake.mutate([
        { patch: { id: 'drafts.secret', set: { n: -10 } } },
        { patch: { id: 'versions.r1.secret', set: { n: -20 } } },
      ])
      await lake.mutate([{ patch: { id: 'post-1', set: { n: 1 } } }])
      const first = JSON.parse((await stream.nextEvent()).data) as { documentId: string }
      expect(first.documentId).toBe(role === 'anonymous' ? 'post-1' : 'drafts.secret')
    } finally {
      stream.close()
      await server.close()
    }
  })
})

/**
 * Queries that would reveal a draft or release version — its existence, or a field of it — to an
 * anonymous caller through joins, references(), counts, ordering, slicing, scoring or params. Each
 * must answer exactly as it does on a lake that holds only the published documents.
 */
const sideChannels: [string, string, object?][] = [
  // System fields (_rev, _createdAt …) differ between the two lakes anyway; the content may not.
  ['everything', '*{_id, _type, title, n, name, toDraft, toPublished}'],
  ['a draft by id', '*[_id == "drafts.secret"]'],
  ['a draft by id param', '*[_id == $id]', { id: 'drafts.post-1' }],
  ['ids by path', '*[_id in path("drafts.**") || _id in path("versions.**")]._id'],
  ['a join to a draft id', '*[_id == "pointer"][0]{"title": toDraft->title}'],
  ['a join to a draft-only published id', '*[_id == "pointer"][0]{"title": toPublished->title}'],
  ['a join as a filter', '*[_type == "pointer" && toDraft->n < 0]._id'],
  ['references() of private ids', '*[references("drafts.secret")]._id'],
  ['references() of a private subquery', '*[references(*[_id in path("drafts.**")]._id)]._id'],
  ['count()', 'count(*[_type == "post"])'],
  ['count() of a path', 'count(*[_id in path("**")])'],
  ['order() and slicing', '*[_type == "post"] | order(n asc)[0]{_id, n}'],
  ['order() by a joined field', '*[_type == "pointer"] | order(toDraft->n desc)._id'],
  ['score()', '*[_type == "post"] | score(title match "secret") | order(_score desc){_id, _score}'],
  ['a subquery in a projection', '*[_id == "post-1"][0]{"others": count(*[_type == ^._type])}'],
  ['math over everything', 'math::sum(*[_type == "post"].n)'],
  ['versionOf()', '*[sanity::versionOf("post-1")]._id'],
  ['_originalId', '*[defined(_originalId)]._id'],
]

describe('anonymous callers never see drafts or versions', () => {
  it.each(sideChannels)('not through %s', async (_name, groq, params = {}) => {
    const answer = async (target: TestLake) => {
      const response = await query(target, 'anonymous', groq, { params })
      expect(response.status).toBe(200)
      return ((await response.json()) as { result: unknown }).result
    }
    expect(await answer(pristineLake)).toEqual(await answer(publicLake))
  })

  it('not through the listener: joins in its filter do not see drafts', async () => {
    const server = await listenOnRandomPort(lake.app.fetch)
    // Matches only if `toDraft->` could read the draft-only document.
    const query = encodeURIComponent('*[_id == "pointer" && toDraft->title == "Top secret"]')
    const stream = await openEventStream(
      `${server.url}/v2025-02-19/data/listen/production?query=${query}`,
    )
    const control = await openEventStream(
      `${server.url}/v2025-02-19/data/listen/production?query=${encodeURIComponent('*[_id == "post-1"]')}`,
    )
    try {
      expect((await stream.nextEvent()).event).toBe('welcome')
      expect((await control.nextEvent()).event).toBe('welcome')
      await lake.mutate([{ patch: { id: 'pointer', set: { touched: true } } }])
      await lake.mutate([{ patch: { id: 'post-1', set: { n: 1 } } }])
      // The control listener sees the second commit, so the first has been delivered by now.
      expect(JSON.parse((await control.nextEvent()).data)).toMatchObject({ documentId: 'post-1' })
      await expect(stream.nextEvent(200)).rejects.toThrow(/timed out/)
    } finally {
      stream.close()
      control.close()
      await server.close()
    }
  })
})
