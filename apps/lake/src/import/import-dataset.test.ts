import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AssetStorage } from '../assets/asset-storage.ts'
import type { LakeDeps } from '../deps.ts'
import { seedIfEmpty } from './seed.ts'
import { SqliteStore } from '../store/sqlite-store.ts'
import { exportNdjson } from './export-dataset.ts'
import { importNdjson } from './import-dataset.ts'

let dir: string
let deps: LakeDeps
let store: SqliteStore

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'lake-import-'))
  store = new SqliteStore(path.join(dir, 'lake.db'))
  store.createDataset('production')
  deps = {
    store,
    assets: new AssetStorage(dir),
    projectId: 'local',
    publicUrl: 'http://lake.test',
    queryTimeoutMs: 5000,
  }
  mkdirSync(path.join(dir, 'seed/images'), { recursive: true })
  await sharp({ create: { width: 30, height: 20, channels: 3, background: '#aa3300' } })
    .png()
    .toFile(path.join(dir, 'seed/images/cover.png'))
})
afterEach(() => {
  store.close()
  rmSync(dir, { recursive: true, force: true })
})

function ndjson(name: string, lines: unknown[]): string {
  const file = path.join(dir, 'seed', name)
  writeFileSync(
    file,
    lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n'),
  )
  return file
}

const ids = () =>
  store
    .snapshot('production')
    .documents()
    .map((doc) => doc._id)

describe('importNdjson', () => {
  it('imports documents and uploads _sanityAsset markers as image assets', async () => {
    const absolute = `image@file://${path.join(dir, 'seed/images/cover.png')}`
    const file = ndjson('data.ndjson', [
      {
        _id: 'post-1',
        _type: 'post',
        _createdAt: '2020-01-01T00:00:00Z',
        _updatedAt: '2021-01-01T00:00:00Z',
        cover: {
          _type: 'image',
          _sanityAsset: 'image@file://./images/cover.png',
          alt: 'Cover',
          hotspot: { x: 0.5 },
        },
      },
      {
        _id: 'drafts.post-1',
        _type: 'post',
        gallery: [{ _key: 'k', _type: 'image', _sanityAsset: absolute }],
      },
    ])
    const result = await importNdjson(deps, 'production', file)
    expect(result).toEqual({ documents: 2, assets: 1 })
    const post = store.snapshot('production').get('post-1')
    const assetId = (post?.cover as { asset: { _ref: string } }).asset._ref
    expect(post).toMatchObject({
      _createdAt: '2020-01-01T00:00:00Z',
      _updatedAt: '2021-01-01T00:00:00Z',
      cover: {
        _type: 'image',
        alt: 'Cover',
        hotspot: { x: 0.5 },
        asset: {
          _type: 'reference',
          _ref: expect.stringMatching(/^image-[0-9a-f]{40}-30x20-png$/) as string,
        },
      },
    })
    expect(post?.cover).not.toHaveProperty('_sanityAsset')
    expect(store.snapshot('production').get('drafts.post-1')?.gallery).toEqual([
      { _key: 'k', _type: 'image', asset: { _type: 'reference', _ref: assetId } },
    ])
    expect(store.snapshot('production').get(assetId)).toMatchObject({
      _type: 'sanity.imageAsset',
      originalFilename: 'cover.png',
    })
  })

  it('reports every invalid line and imports nothing', async () => {
    const file = ndjson('bad.ndjson', [
      { _id: 'ok', _type: 't' },
      '{nope',
      { _type: 'no-id' },
      { _id: 'no-type' },
      { _id: 'ok', _type: 't' },
    ])
    await expect(importNdjson(deps, 'production', file)).rejects.toThrow(
      /line 2: invalid JSON[\s\S]*line 3: missing or invalid "_id"[\s\S]*line 4: missing or invalid "_type"[\s\S]*line 5: duplicate _id "ok"/,
    )
    expect(ids()).toEqual([])
  })

  it('fails atomically across batches on an existing id unless --replace', async () => {
    await importNdjson(
      deps,
      'production',
      ndjson('first.ndjson', [{ _id: 'd3', _type: 't', v: 1 }]),
    )
    const lines = [1, 2, 3, 4, 5].map((n) => ({ _id: `d${n}`, _type: 't', v: 2 }))
    const file = ndjson('second.ndjson', lines)
    await expect(importNdjson(deps, 'production', file, { batchSize: 2 })).rejects.toThrow(
      /line 3: Document by ID "d3" already exists/,
    )
    expect(ids()).toEqual(['d3'])
    await importNdjson(deps, 'production', file, { batchSize: 2, mode: 'replace' })
    expect(ids()).toEqual(['d1', 'd2', 'd3', 'd4', 'd5'])
    expect(store.snapshot('production').get('d3')?.v).toBe(2)
    // One transaction log entry per batch, plus the first import.
    expect(store.transactions('production')).toHaveLength(4)
  })

  it('rejects missing or invalid asset files with the line number', async () => {
    const file = ndjson('assets.ndjson', [
      { _id: 'a', _type: 't' },
      { _id: 'b', _type: 't', img: { _sanityAsset: 'image@file://./images/missing.png' } },
    ])
    await expect(importNdjson(deps, 'production', file)).rejects.toThrow(
      /line 2: asset file not found/,
    )
    writeFileSync(path.join(dir, 'seed/images/fake.png'), 'not a png')
    const fake = ndjson('fake.ndjson', [
      { _id: 'c', _type: 't', img: { _sanityAsset: 'image@file://./images/fake.png' } },
    ])
    await expect(importNdjson(deps, 'production', fake)).rejects.toThrow(/line 1: cannot import/)
    const remote = ndjson('remote.ndjson', [
      { _id: 'd', _type: 't', img: { _sanityAsset: 'image@https://example.com/x.png' } },
    ])
    await expect(importNdjson(deps, 'production', remote)).rejects.toThrow(
      /line 1: unsupported _sanityAsset/,
    )
    expect(ids()).toEqual([])
  })

  it('round-trips through export', async () => {
    await importNdjson(
      deps,
      'production',
      ndjson('in.ndjson', [
        { _id: 'b', _type: 't' },
        { _id: 'a', _type: 't', nested: { x: [1, 2] } },
      ]),
    )
    const out = path.join(dir, 'out.ndjson')
    expect(await exportNdjson(store, 'production', out)).toBe(2)
    const exported = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { _id: string })
    expect(exported.map((doc) => doc._id)).toEqual(['a', 'b'])
    expect(exported[0]).toMatchObject({ nested: { x: [1, 2] } })
  })
})

describe('seedIfEmpty', () => {
  it('imports the seed only into an empty dataset', async () => {
    const file = ndjson('seed.ndjson', [{ _id: 'seeded', _type: 't' }])
    const log: string[] = []
    expect(await seedIfEmpty(deps, 'production', file, (m) => log.push(m))).toBe(true)
    expect(
      await seedIfEmpty(
        deps,
        'production',
        ndjson('other.ndjson', [{ _id: 'other', _type: 't' }]),
        () => undefined,
      ),
    ).toBe(false)
    expect(ids()).toEqual(['seeded'])
    expect(await seedIfEmpty(deps, 'production', null, () => undefined)).toBe(false)
    expect(log.at(-1)).toContain('seeded "production" with 1 documents')
  })
})
