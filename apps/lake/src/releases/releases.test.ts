import { lakeClient } from '@repo/lake-client'
import type { SanityClient } from '@sanity/client'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readConfig } from '../env.ts'
import { serve } from '../server.ts'
import type { RunningLake } from '../server.ts'

// Content Releases through the official client against the real server (real sockets), and
// scheduled publishing across restarts of a lake on the same data directory.

let dir: string
let lake: RunningLake | undefined
let client: SanityClient
let webhookServer: ReturnType<typeof createServer>
let delivered: { id: string; operation: string; transactionId: string }[]

async function startLake(): Promise<void> {
  const webhooks = path.join(dir, 'webhooks.json')
  lake = await serve(
    readConfig({
      LAKE_PORT: '0',
      LAKE_DATA_DIR: path.join(dir, 'data'),
      LAKE_SEED: 'none',
      LAKE_LISTEN_POOL: '0',
      LAKE_WEBHOOKS: webhooks,
    }),
    () => undefined,
  )
  client = lakeClient(lake.url, { token: lake.tokens.write })
}

async function stopLake(): Promise<void> {
  await lake?.close()
  lake = undefined
}

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'lake-releases-'))
  delivered = []
  webhookServer = createServer((request, response) => {
    request.resume()
    request.on('end', () => {
      delivered.push({
        id: String(request.headers['sanity-document-id']),
        operation: String(request.headers['sanity-operation']),
        transactionId: String(request.headers['sanity-transaction-id']),
      })
      response.end()
    })
  })
  await new Promise<void>((resolve) => webhookServer.listen(0, '127.0.0.1', resolve))
  const { port } = webhookServer.address() as AddressInfo
  writeFileSync(
    path.join(dir, 'webhooks.json'),
    JSON.stringify([
      { name: 'site', url: `http://127.0.0.1:${port}/hook`, filter: '_type == "article"' },
    ]),
  )
  await startLake()
  await client
    .transaction()
    .create({ _id: 'a', _type: 'article', title: 'A1' })
    .create({ _id: 'b', _type: 'article', title: 'B1' })
    .create({ _id: 'c', _type: 'article', title: 'C1' })
    .commit()
})

afterEach(async () => {
  await stopLake()
  await new Promise((resolve) => webhookServer.close(resolve))
  rmSync(dir, { recursive: true, force: true })
})

const titles = (perspective?: string[] | 'published' | 'drafts' | 'raw') =>
  client.fetch<Record<string, string>>(
    `{"a": *[_id == "a"][0].title, "b": *[_id == "b"][0].title, "c": *[_id == "c"][0].title}`,
    {},
    perspective ? { perspective } : {},
  )

const release = (releaseId: string) =>
  client.getDocument<Record<string, unknown>>(`_.releases.${releaseId}`)

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms: number) {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await read()
    if (done(value) || Date.now() > deadline) return value
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

async function releaseWithTwoChanges(releaseId: string, releaseType = 'asap'): Promise<void> {
  await client.releases.create({
    releaseId,
    metadata: { title: `Release ${releaseId}`, releaseType: releaseType as 'asap' },
  })
  await client.createVersion({
    releaseId,
    publishedId: 'a',
    document: { _type: 'article', title: 'A2' },
  })
  const base = await client.getDocument('b')
  await client.createVersion({
    releaseId,
    publishedId: 'b',
    baseId: 'b',
    ifBaseRevisionId: base?._rev,
  })
  await client.patch(`versions.${releaseId}.b`).set({ title: 'B2' }).commit()
}

describe('Content Releases', () => {
  it('should keep release and version documents as Sanity exposes them and read them through release perspectives', async () => {
    await releaseWithTwoChanges('rSpring')
    expect(await release('rSpring')).toMatchObject({
      _id: '_.releases.rSpring',
      _type: 'system.release',
      name: 'rSpring',
      state: 'active',
      metadata: { title: 'Release rSpring', releaseType: 'asap' },
    })
    expect(await client.getDocument('versions.rSpring.a')).toMatchObject({ title: 'A2' })
    expect(await titles('published')).toEqual({ a: 'A1', b: 'B1', c: 'C1' })
    expect(await titles(['rSpring'])).toEqual({ a: 'A2', b: 'B2', c: 'C1' })
    expect(await titles(['rSpring', 'drafts'])).toEqual({ a: 'A2', b: 'B2', c: 'C1' })
    expect(
      await client.fetch(
        '*[sanity::partOfRelease($r)]._id | order(@)',
        { r: 'rSpring' },
        {
          perspective: 'raw',
        },
      ),
    ).toEqual(['versions.rSpring.a', 'versions.rSpring.b'])
    expect(await client.fetch('releases::all()[].name')).toEqual(['rSpring'])
    // Anonymous callers see neither the release nor its versions.
    const anonymous = client.withConfig({ token: undefined })
    expect(
      await anonymous.fetch('count(*[_id in path("_.**") || _id in path("versions.**")])'),
    ).toBe(0)
  })

  it('should publish a whole release in one transaction with one webhook per published document', async () => {
    await releaseWithTwoChanges('rNow')
    await client.createVersion({
      releaseId: 'rNow',
      publishedId: 'c',
      document: { _type: 'article', title: 'C-version' },
    })
    await client.unpublishVersion({ releaseId: 'rNow', publishedId: 'c' })
    delivered.length = 0
    const { transactionId } = await client.releases.publish({ releaseId: 'rNow' })
    expect(await titles()).toEqual({ a: 'A2', b: 'B2', c: null })
    // Unpublished, not deleted: with no draft to keep, the published content becomes the draft.
    expect(await client.getDocument('drafts.c')).toMatchObject({ title: 'C1' })
    const published = await client.getDocuments(['a', 'b', '_.releases.rNow'])
    expect(published.map((doc) => doc?._rev)).toEqual([transactionId, transactionId, transactionId])
    const done = await release('rNow')
    expect(Number.isNaN(Date.parse(String(done?.publishedAt)))).toBe(false)
    expect(done).toMatchObject({
      state: 'published',
      finalDocumentStates: [
        { id: 'versions.rNow.a' },
        { id: 'versions.rNow.b' },
        { id: 'versions.rNow.c' },
      ],
    })
    expect(
      await client.fetch('count(*[_id in path("versions.**")])', {}, { perspective: 'raw' }),
    ).toBe(0)
    const hooks = await until(
      () => Promise.resolve([...delivered]),
      (list) => list.length >= 3,
      5000,
    )
    expect(hooks.map(({ id, operation }) => `${operation} ${id}`).sort()).toEqual([
      'delete c',
      'update a',
      'update b',
    ])
    expect(new Set(hooks.map((hook) => hook.transactionId))).toEqual(new Set([transactionId]))
  })

  it('should leave a document marked for unpublishing out of its release perspectives', async () => {
    await releaseWithTwoChanges('rOut')
    await client.create({ _id: 'drafts.c', _type: 'article', title: 'C-draft' })
    await client.unpublishVersion({ releaseId: 'rOut', publishedId: 'c' })
    // As if the release were published: c is gone, and neither its draft nor its published
    // document shows through the version that unpublishes it.
    expect(await titles(['rOut'])).toEqual({ a: 'A2', b: 'B2', c: null })
    expect(await titles(['rOut', 'drafts'])).toEqual({ a: 'A2', b: 'B2', c: null })
    expect(await client.fetch('count(*[_type == "article"])', {}, { perspective: ['rOut'] })).toBe(
      2,
    )
    expect(await titles('drafts')).toEqual({ a: 'A1', b: 'B1', c: 'C-draft' })
    expect(await titles('published')).toEqual({ a: 'A1', b: 'B1', c: 'C1' })
    // A release stacked under it does not bring c back either.
    await client.releases.create({ releaseId: 'rUnder', metadata: { releaseType: 'asap' } })
    await client.createVersion({
      releaseId: 'rUnder',
      publishedId: 'c',
      document: { _type: 'article', title: 'C-under' },
    })
    expect(await titles(['rOut', 'rUnder'])).toEqual({ a: 'A2', b: 'B2', c: null })
    expect(await titles(['rUnder', 'rOut'])).toEqual({ a: 'A2', b: 'B2', c: 'C-under' })
    // The raw perspective still shows the marked version, as the Studio's release view reads it.
    expect(
      await client.fetch(
        '*[_id == "versions.rOut.c"][0]._system.delete',
        {},
        { perspective: 'raw' },
      ),
    ).toBe(true)
    await client.discardVersion({ releaseId: 'rOut', publishedId: 'c' })
    expect(await titles(['rOut'])).toEqual({ a: 'A2', b: 'B2', c: 'C1' })
    // Publishing unpublishes c and keeps the draft it already had.
    await client.unpublishVersion({ releaseId: 'rOut', publishedId: 'c' })
    await client.releases.publish({ releaseId: 'rOut' })
    expect(await titles()).toEqual({ a: 'A2', b: 'B2', c: null })
    expect(await client.getDocument('drafts.c')).toMatchObject({ title: 'C-draft' })
  })

  it('should refuse release and stacked perspectives on API versions before 2025-02-19 as Sanity does', async () => {
    await releaseWithTwoChanges('rOld')
    const old = client.withConfig({ apiVersion: '2024-10-01' })
    for (const perspective of [['rOld'], ['rOld', 'drafts'], ['drafts', 'published']]) {
      await expect(old.fetch('*[_id == "a"][0].title', {}, { perspective })).rejects.toMatchObject({
        statusCode: 400,
        message: 'Complex perspectives are not supported for this version',
      })
    }
    // The POST form and `v1` alike.
    const refused = await fetch(`${lake?.url ?? ''}/v1/data/query/production`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${lake?.tokens.write ?? ''}` },
      body: JSON.stringify({ query: '*[_id == "a"][0].title', perspective: ['rOld'] }),
    })
    expect(refused.status).toBe(400)
    expect(await refused.json()).toMatchObject({
      error: { description: 'Complex perspectives are not supported for this version' },
    })
    // Simple perspectives work on every version; stacks from 2025-02-19 on, and on `vX`.
    expect(await old.fetch('*[_id == "a"][0].title', {}, { perspective: 'drafts' })).toBe('A1')
    expect(await old.fetch('*[_id == "a"][0].title', {}, { perspective: 'previewDrafts' })).toBe(
      'A1',
    )
    expect(await titles(['rOld', 'drafts'])).toEqual({ a: 'A2', b: 'B2', c: 'C1' })
    expect(
      await client
        .withConfig({ apiVersion: 'X' })
        .fetch('*[_id == "a"][0].title', {}, { perspective: ['rOld'] }),
    ).toBe('A2')
  })

  it('should fetch exact ids from the doc endpoint, which takes no perspective (as on Sanity)', async () => {
    await releaseWithTwoChanges('rDoc')
    const response = await fetch(
      `${lake?.url ?? ''}/v2025-02-19/data/doc/production/a,versions.rDoc.a?perspective=rDoc`,
      { headers: { Authorization: `Bearer ${lake?.tokens.write ?? ''}` } },
    )
    const { documents } = (await response.json()) as { documents: { _id: string; title: string }[] }
    expect(documents.map(({ _id, title }) => `${_id} ${title}`)).toEqual([
      'a A1',
      'versions.rDoc.a A2',
    ])
    // @sanity/client sends a perspective to the query endpoint only, so getDocument reads by id.
    const inRelease = client.withConfig({ perspective: ['rDoc'] })
    expect(await inRelease.getDocument('a')).toMatchObject({ _id: 'a', title: 'A1' })
  })

  it("should refuse a read-only caller's release actions the way the Studio's permission guard reads", async () => {
    await releaseWithTwoChanges('rGuard')
    const reader = client.withConfig({ token: lake?.tokens.read })
    // The Studio dry-runs release actions and hides them when `error.details.type` says so.
    const refused: unknown = await reader.releases
      .publish({ releaseId: 'rGuard' }, { dryRun: true })
      .catch((error: unknown) => error)
    expect(refused).toMatchObject({
      statusCode: 403,
      details: { type: 'insufficientPermissionsError' },
    })
    await expect(
      client.releases.publish({ releaseId: 'rGuard' }, { dryRun: true }),
    ).resolves.toBeDefined()
    expect(await release('rGuard')).toMatchObject({ state: 'active' })
  })

  it('should not strengthen references on release publish and refuse one to a missing document', async () => {
    await client.releases.create({ releaseId: 'rRefs', metadata: { releaseType: 'asap' } })
    await client.createVersion({
      releaseId: 'rRefs',
      publishedId: 'd',
      document: {
        _type: 'article',
        title: 'D',
        related: { _type: 'reference', _ref: 'missing', _strengthenOnPublish: { type: 'article' } },
      },
    })
    const refused: unknown = await client.releases
      .publish({ releaseId: 'rRefs' })
      .catch((error: unknown) => error)
    expect(refused).toMatchObject({ statusCode: 409 })
    expect(String(refused)).toContain('references non-existent document "missing"')
    expect(await release('rRefs')).toMatchObject({ state: 'active' })
    await client.patch('versions.rRefs.d').set({ 'related._ref': 'a' }).commit()
    await client.releases.publish({ releaseId: 'rRefs' })
    expect(await client.getDocument('d')).toMatchObject({
      related: { _ref: 'a', _strengthenOnPublish: { type: 'article' } },
    })
  })

  it('should archive, unarchive, edit and delete releases in the states Sanity allows', async () => {
    await releaseWithTwoChanges('rLater', 'undecided')
    await expect(client.releases.delete({ releaseId: 'rLater' })).rejects.toMatchObject({
      statusCode: 409,
    })
    await client.releases.edit({
      releaseId: 'rLater',
      patch: { set: { 'metadata.title': 'Renamed', 'metadata.releaseType': 'asap' } },
    })
    await client.releases.archive({ releaseId: 'rLater' })
    expect(await release('rLater')).toMatchObject({
      state: 'archived',
      metadata: { title: 'Renamed' },
    })
    expect(await titles(['rLater'])).toEqual({ a: 'A1', b: 'B1', c: 'C1' })
    await client.releases.unarchive({ releaseId: 'rLater' })
    expect(await release('rLater')).toMatchObject({ state: 'active' })
    expect(await titles(['rLater'])).toEqual({ a: 'A2', b: 'B2', c: 'C1' })
    await client.discardVersion({ releaseId: 'rLater', publishedId: 'a' })
    expect(await titles(['rLater'])).toEqual({ a: 'A1', b: 'B2', c: 'C1' })
    await client.releases.archive({ releaseId: 'rLater' })
    await client.releases.delete({ releaseId: 'rLater' })
    expect(await release('rLater')).toBeUndefined()
    await expect(client.releases.publish({ releaseId: 'rLater' })).rejects.toMatchObject({
      statusCode: 409,
    })
  })
})

describe('Scheduled releases', () => {
  it('should publish a scheduled release by itself at its time, at most 1 s late, and lock its versions until then', async () => {
    await releaseWithTwoChanges('rTimed', 'scheduled')
    const publishAt = new Date(Date.now() + 1500).toISOString()
    await client.releases.schedule({ releaseId: 'rTimed', publishAt })
    expect(await release('rTimed')).toMatchObject({ state: 'scheduled', publishAt })
    // Locked to actions (the Studio's way) and mutations alike.
    await expect(
      client.action({
        actionType: 'sanity.action.document.edit',
        draftId: 'versions.rTimed.a',
        publishedId: 'a',
        patch: { set: { title: 'late edit' } },
      }),
    ).rejects.toMatchObject({ statusCode: 409 })
    await expect(
      client.patch('versions.rTimed.a').set({ title: 'late edit' }).commit(),
    ).rejects.toMatchObject({ statusCode: 409 })
    expect(await titles()).toEqual({ a: 'A1', b: 'B1', c: 'C1' })
    const done = await until(
      () => release('rTimed'),
      (doc) => doc?.state === 'published',
      5000,
    )
    expect(done).toMatchObject({ state: 'published' })
    const late = Date.parse(String(done?.publishedAt)) - Date.parse(publishAt)
    expect(late).toBeGreaterThanOrEqual(0)
    expect(late).toBeLessThanOrEqual(1000)
    expect(await titles()).toEqual({ a: 'A2', b: 'B2', c: 'C1' })
  })

  it('should publish a Scheduled Draft (a single-document release made from a draft) by itself', async () => {
    // The Studio's sequence: a `cardinality: "one"` scheduled release, a version made from the
    // draft, then schedule.
    await client.create({ _id: 'drafts.a', _type: 'article', title: 'A-draft' })
    await client.releases.create({
      releaseId: 'rDraft',
      metadata: {
        title: 'Scheduled draft',
        description: '',
        releaseType: 'scheduled',
        cardinality: 'one',
        intendedPublishAt: new Date(Date.now() + 1000).toISOString(),
      },
    })
    const draft = await client.getDocument('drafts.a')
    await client.createVersion({
      releaseId: 'rDraft',
      publishedId: 'a',
      baseId: 'drafts.a',
      ifBaseRevisionId: draft?._rev,
    })
    const publishAt = new Date(Date.now() + 1000).toISOString()
    await client.releases.schedule({ releaseId: 'rDraft', publishAt })
    expect(await titles()).toEqual({ a: 'A1', b: 'B1', c: 'C1' })
    const done = await until(
      () => release('rDraft'),
      (doc) => doc?.state === 'published',
      5000,
    )
    const late = Date.parse(String(done?.publishedAt)) - Date.parse(publishAt)
    expect(late).toBeGreaterThanOrEqual(0)
    expect(late).toBeLessThanOrEqual(1000)
    expect(await titles()).toEqual({ a: 'A-draft', b: 'B1', c: 'C1' })
  })

  it('should put a release whose scheduled publish fails back to active with the error, as Sanity does', async () => {
    await client.releases.create({ releaseId: 'rFails', metadata: { releaseType: 'scheduled' } })
    await client.createVersion({
      releaseId: 'rFails',
      publishedId: 'd',
      document: { _type: 'article', title: 'D', related: { _type: 'reference', _ref: 'missing' } },
    })
    await client.releases.schedule({
      releaseId: 'rFails',
      publishAt: new Date(Date.now() + 500).toISOString(),
    })
    const failed = await until(
      () => release('rFails'),
      (doc) => doc?.state !== 'scheduled',
      5000,
    )
    expect(failed).toMatchObject({ state: 'active' })
    expect(failed?.publishAt).toBeUndefined()
    expect(String((failed?.error as { message?: string } | undefined)?.message)).toContain(
      'references non-existent document "missing"',
    )
    expect(await client.getDocument('d')).toBeUndefined()
    // Unlocked again: the editor fixes the version and schedules anew; the error goes.
    await client.patch('versions.rFails.d').set({ 'related._ref': 'a' }).commit()
    await client.releases.schedule({
      releaseId: 'rFails',
      publishAt: new Date(Date.now() + 500).toISOString(),
    })
    expect((await release('rFails'))?.error).toBeUndefined()
    const done = await until(
      () => release('rFails'),
      (doc) => doc?.state === 'published',
      5000,
    )
    expect(done).toMatchObject({ state: 'published' })
    expect(await client.getDocument('d')).toMatchObject({ related: { _ref: 'a' } })
  })

  it('should not publish an unscheduled release', async () => {
    await releaseWithTwoChanges('rCancel', 'scheduled')
    await client.releases.schedule({
      releaseId: 'rCancel',
      publishAt: new Date(Date.now() + 800).toISOString(),
    })
    await client.releases.unschedule({ releaseId: 'rCancel' })
    await new Promise((resolve) => setTimeout(resolve, 1500))
    expect(await release('rCancel')).toMatchObject({ state: 'active' })
    expect(await titles()).toEqual({ a: 'A1', b: 'B1', c: 'C1' })
  })

  it('should keep the schedule across a restart and publish at its time', async () => {
    await releaseWithTwoChanges('rKept', 'scheduled')
    const publishAt = new Date(Date.now() + 2500).toISOString()
    await client.releases.schedule({ releaseId: 'rKept', publishAt })
    await stopLake()
    await startLake()
    expect(await release('rKept')).toMatchObject({ state: 'scheduled' })
    const done = await until(
      () => release('rKept'),
      (doc) => doc?.state === 'published',
      6000,
    )
    const late = Date.parse(String(done?.publishedAt)) - Date.parse(publishAt)
    expect(late).toBeGreaterThanOrEqual(0)
    expect(late).toBeLessThanOrEqual(1000)
    expect(await titles()).toEqual({ a: 'A2', b: 'B2', c: 'C1' })
  })

  it('should publish on start a release whose time passed while the lake was down', async () => {
    await releaseWithTwoChanges('rMissed', 'scheduled')
    const publishAt = new Date(Date.now() + 500).toISOString()
    await client.releases.schedule({ releaseId: 'rMissed', publishAt })
    await stopLake()
    await new Promise((resolve) => setTimeout(resolve, 1000))
    await startLake()
    const done = await until(
      () => release('rMissed'),
      (doc) => doc?.state === 'published',
      3000,
    )
    expect(done).toMatchObject({ state: 'published' })
    expect(Date.parse(String(done?.publishedAt))).toBeGreaterThan(Date.parse(publishAt))
    expect(await titles()).toEqual({ a: 'A2', b: 'B2', c: 'C1' })
  })
})
