import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { SanityClient } from '@sanity/client'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readConfig } from './env.ts'
import { serve } from './server.ts'
import type { RunningLake } from './server.ts'
import { lakeClient } from '@repo/lake-client'

// The real server on a random port, driven by the official, unmodified @sanity/client.
let dir: string
let lake: RunningLake
let client: SanityClient
let anonymous: SanityClient

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'lake-integration-'))
  const config = readConfig({ LAKE_PORT: '0', LAKE_DATA_DIR: dir, LAKE_SEED: 'none' })
  lake = await serve(config, () => undefined)
  client = lakeClient(lake.url, { token: lake.tokens.write })
  anonymous = lakeClient(lake.url)
})
afterAll(async () => {
  await lake.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('@sanity/client against the lake', () => {
  it('creates, reads, patches, transacts and deletes', async () => {
    const created = await client.create({ _id: 'post-1', _type: 'post', title: 'Hello', views: 1 })
    expect(created).toMatchObject({
      _id: 'post-1',
      title: 'Hello',
      _rev: expect.any(String) as string,
    })

    expect(await client.getDocument('post-1')).toMatchObject({ title: 'Hello' })
    expect(await anonymous.fetch('*[_type == "post"][0].title')).toBe('Hello')

    const patched = await client
      .patch('post-1')
      .set({ title: 'Hi' })
      .inc({ views: 2 })
      .ifRevisionId(created._rev)
      .commit()
    expect(patched).toMatchObject({ title: 'Hi', views: 3 })
    await expect(
      client.patch('post-1').set({ title: 'stale' }).ifRevisionId(created._rev).commit(),
    ).rejects.toMatchObject({ statusCode: 409 })

    const result = await client
      .transaction()
      .createOrReplace({ _id: 'drafts.post-1', _type: 'post', title: 'Draft' })
      .create({ _id: 'author-1', _type: 'author', name: 'Ada' })
      .patch('post-1', (p) => p.set({ author: { _type: 'reference', _ref: 'author-1' } }))
      .commit()
    expect(result.results.map((r) => r.operation)).toEqual(['create', 'create', 'update'])

    expect(
      await client.fetch(
        '*[_id == $id][0]{title, "author": author->name}',
        { id: 'post-1' },
        { perspective: 'drafts' },
      ),
    ).toEqual({ title: 'Draft', author: null })
    expect(
      await client.fetch('*[_id == $id][0]{title, "author": author->name}', { id: 'post-1' }),
    ).toEqual({ title: 'Hi', author: 'Ada' })
    expect(await anonymous.getDocument('drafts.post-1')).toBeUndefined()
    await expect(anonymous.fetch('*', {}, { perspective: 'drafts' })).rejects.toMatchObject({
      statusCode: 401,
    })

    await client.delete('drafts.post-1')
    expect(await client.getDocument('drafts.post-1')).toBeUndefined()
    expect(await client.getDocuments(['post-1', 'nope'])).toEqual([
      expect.objectContaining({ _id: 'post-1' }),
      null,
    ])
  })

  it('surfaces Sanity-shaped errors through the client', async () => {
    await expect(client.fetch('*[_type == ')).rejects.toThrow(/GROQ query parse error/)
    await expect(client.create({ _id: 'post-1', _type: 'post' })).rejects.toThrow(/already exists/)
    await expect(anonymous.create({ _type: 'post' })).rejects.toMatchObject({ statusCode: 401 })
  })

  it('uploads images and serves them from the image CDN', async () => {
    const png = await sharp({
      create: { width: 64, height: 32, channels: 3, background: '#00aa55' },
    })
      .png()
      .toBuffer()
    const asset = await client.assets.upload('image', png, { filename: 'green.png' })
    expect(asset).toMatchObject({
      _type: 'sanity.imageAsset',
      originalFilename: 'green.png',
      metadata: { dimensions: { width: 64, height: 32 } },
    })
    const response = await fetch(`${asset.url}?w=16&fm=webp`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('image/webp')
    const again = await client.assets.upload('image', png)
    expect(again._id).toBe(asset._id)
  })
})
