import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { createTestLake, testLoginSecret } from '../../test/test-lake.ts'
import type { TestLake } from '../../test/test-lake.ts'

let lake: TestLake
beforeEach(() => {
  lake = createTestLake()
})
afterEach(() => {
  lake.cleanup()
})

const loginPath =
  '/auth/login/local?origin=http%3A%2F%2Flocalhost%3A3333%2Fdesk&projectId=local&withSid=true'

/** Opens the sign-in link as the person at the machine does; returns the browser's cookie. */
async function approveBrowser(): Promise<string> {
  const approved = await lake.request(`/auth/sign-in?secret=${testLoginSecret}`)
  expect(approved.status).toBe(303)
  expect(approved.headers.get('location')).toBe('http://localhost:3333/')
  const cookie = approved.headers.get('set-cookie') ?? ''
  expect(cookie).toMatch(/^lake-browser-80=[\w-]{43};/)
  expect(cookie).toMatch(/; Path=\/auth\/login\/local;/)
  expect(cookie).toMatch(/; HttpOnly;/)
  expect(cookie).toMatch(/; SameSite=Lax$/)
  return cookie.split(';')[0] ?? ''
}

async function signIn(): Promise<string> {
  const cookie = await approveBrowser()
  const login = await lake.request(loginPath, { headers: { Cookie: cookie } })
  expect(login.status).toBe(302)
  const location = new URL(login.headers.get('location') ?? '')
  expect(`${location.origin}${location.pathname}`).toBe('http://localhost:3333/desk')
  const sid = /^#sid=(.{20,})$/.exec(location.hash)?.[1] ?? ''
  const exchange = await lake.request(`/v2021-06-07/auth/fetch?sid=${sid}`)
  expect(exchange.status).toBe(200)
  const { token } = (await exchange.json()) as { token: string }
  // A code works once.
  expect((await lake.request(`/v2021-06-07/auth/fetch?sid=${sid}`)).status).toBe(401)
  return token
}

describe('local editor sign-in', () => {
  it('should sign the editor in through Sanity’s sid flow and out again', async () => {
    const token = await signIn()
    const me = await lake.request('/v2021-06-07/users/me', { token })
    expect(await me.json()).toMatchObject({ id: 'local-editor', role: 'administrator' })
    const draft = { _id: 'drafts.a', _type: 'article', title: 'Hello' }
    const created = await lake.request('/v2025-02-19/data/mutate/production', {
      token,
      body: { mutations: [{ create: draft }] },
    })
    expect(created.status).toBe(200)
    const drafts = await lake.request(
      '/v2025-02-19/data/query/production?query=*&perspective=raw',
      {
        token,
      },
    )
    expect(((await drafts.json()) as { result: unknown[] }).result).toHaveLength(1)

    expect((await lake.request('/v2021-06-07/auth/logout', { token, method: 'POST' })).status).toBe(
      204,
    )
    expect((await lake.request('/v2021-06-07/users/me', { token })).status).toBe(401)
  })

  it('should hand no session code to a caller without the sign-in link’s cookie', async () => {
    const bare = await lake.request(loginPath)
    expect(bare.status).toBe(401)
    expect(bare.headers.get('location')).toBeNull()
    expect(await bare.json()).toMatchObject({ statusCode: 401, error: 'Unauthorized' })
    const page = await lake.request(loginPath, { headers: { Accept: 'text/html' } })
    expect(page.status).toBe(401)
    expect(page.headers.get('content-security-policy')).toBe("default-src 'none'")
    expect(await page.text()).toContain('./scripts/start')
    // A made-up proof, or a real one under another lake's cookie name, is no proof.
    const cookie = await approveBrowser()
    for (const forged of [`lake-browser-80=${'x'.repeat(43)}`, cookie.replace('-80=', '-3210=')]) {
      const refused = await lake.request(loginPath, { headers: { Cookie: forged } })
      expect(refused.status).toBe(401)
      expect(refused.headers.get('location')).toBeNull()
    }
  })

  it('should approve no browser without the exact secret', async () => {
    for (const secret of ['', 'wrong', testLoginSecret.slice(0, -1), `${testLoginSecret}x`]) {
      const refused = await lake.request(`/auth/sign-in?secret=${secret}`)
      expect(refused.status).toBe(403)
      expect(refused.headers.get('set-cookie')).toBeNull()
    }
    expect((await lake.request('/auth/sign-in')).status).toBe(403)
  })

  it('should refuse to hand a session to a site that is not the Studio', async () => {
    const response = await lake.request('/auth/login/local?origin=https%3A%2F%2Fevil.test%2F')
    expect(response.status).toBe(403)
    expect(await response.json()).toMatchObject({ statusCode: 403 })
    expect((await lake.request('/auth/login/local?origin=not-a-url')).status).toBe(400)
  })

  it('should reject unknown and made-up session codes', async () => {
    expect((await lake.request('/v1/auth/fetch?sid=' + 'x'.repeat(43))).status).toBe(401)
    expect((await lake.request('/v1/users/me', { token: 'sksessionmadeup' })).status).toBe(401)
  })

  it('should be switched off when local login is disabled', async () => {
    lake.cleanup()
    lake = createTestLake({ login: { enabled: false, studioOrigins: [], secret: '' } })
    expect(
      (await lake.request('/auth/login/local?origin=http%3A%2F%2Flocalhost%3A3333')).status,
    ).toBe(404)
    expect((await lake.request('/auth/sign-in?secret=')).status).toBe(404)
    const providers = await lake.request('/v1/auth/providers')
    expect(await providers.json()).toMatchObject({ providers: [] })
  })
})

describe('/users/me', () => {
  it('should answer anonymous callers with an empty user and name the token robots', async () => {
    const anonymous = await lake.request('/v1/users/me')
    expect(anonymous.status).toBe(200)
    expect(await anonymous.json()).toEqual({})
    expect((await lake.request('/v1/users/me/keyvalue/studio.layout')).status).toBe(401)
    expect(await (await lake.request('/v1/users/me', { token: 'read' })).json()).toMatchObject({
      role: 'viewer',
    })
  })

  it('should keep per-user settings', async () => {
    const token = await signIn()
    const put = await lake.request('/v1/users/me/keyvalue', {
      token,
      method: 'PUT',
      body: [{ key: 'studio.layout', value: { wide: true } }],
    })
    expect(put.status).toBe(200)
    const get = await lake.request('/v1/users/me/keyvalue/studio.layout,missing', { token })
    expect(await get.json()).toEqual([
      { key: 'studio.layout', value: { wide: true } },
      { key: 'missing', value: null },
    ])
  })
})

describe('project endpoints', () => {
  it('should grant editors everything and anonymous callers published reads', async () => {
    const editor = await signIn()
    const acl = await lake.request('/v2021-06-07/projects/local/datasets/production/acl', {
      token: editor,
    })
    expect(await acl.json()).toEqual([
      {
        filter: '_id in path("**")',
        permissions: ['history', 'read', 'create', 'update', 'manage'],
      },
    ])
    const anonymous = await lake.request('/v2021-06-07/projects/local/datasets/production/acl')
    expect(JSON.stringify(await anonymous.json())).not.toContain('create')
    expect((await lake.request('/v2021-06-07/projects/other')).status).toBe(404)
    expect((await lake.request('/v2021-06-07/projects/local/datasets/nope/acl')).status).toBe(404)
  })

  it('should describe the project and its datasets', async () => {
    expect(await (await lake.request('/v2021-06-07/projects/local')).json()).toMatchObject({
      id: 'local',
      isBlocked: false,
    })
    expect(await (await lake.request('/v1/projects/local/datasets')).json()).toEqual([
      { name: 'production', aclMode: 'public' },
    ])
    expect(await (await lake.request('/v1/features')).json()).toEqual([
      'contentReleases',
      'singleDocRelease',
    ])
  })
})
