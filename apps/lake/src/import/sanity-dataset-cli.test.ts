import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { gunzipSync } from 'node:zlib'
import type { SanityDocument } from '@sanity/client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readConfig } from '../env.ts'
import { resolveSeedPath } from './seed.ts'
import type { RunningLake } from '../server.ts'
import { startTestServer } from '../../test/test-lake.ts'
import type { DatasetProgress } from './sanity-dataset-cli.ts'
import { exportFromLake, importIntoLake, runDatasetCommand } from './sanity-dataset-cli.ts'
import { lakeClient } from '@repo/lake-client'

// Two real lakes on random ports: the seeded source and an empty target, as if moving content
// from one Sanity project to another with `sanity dataset export` and `sanity dataset import`.
type TestServer = Awaited<ReturnType<typeof startTestServer>>
let source: TestServer
let target: TestServer
let work: string
let archive: string
let seedPath: string
let exportProgress: DatasetProgress[]

const isImageAsset = (doc: SanityDocument) => doc._type === 'sanity.imageAsset'
const isAsset = (doc: SanityDocument) => /^sanity\.(image|file)Asset$/.test(doc._type)

function writer(lake: RunningLake) {
  return { url: lake.url, token: lake.tokens.write }
}
function reader(lake: RunningLake) {
  return { url: lake.url, token: lake.tokens.read }
}

function clientFor(lake: RunningLake, dataset: string) {
  return lakeClient(lake.url, { dataset, token: lake.tokens.write, perspective: 'raw' })
}

async function documentsOf(lake: RunningLake, dataset: string): Promise<SanityDocument[]> {
  return clientFor(lake, dataset).fetch<SanityDocument[]>('*|order(_id)')
}

/** A document as the author wrote it, without what the lake stamps on each write. */
function content(doc: SanityDocument): Record<string, unknown> {
  const rest: Record<string, unknown> = { ...doc }
  delete rest._rev
  delete rest._updatedAt
  return rest
}

/** The entry names and contents of a .tar.gz, enough to look inside an export. */
function readTarball(file: string): Map<string, Buffer> {
  const tar = gunzipSync(readFileSync(file))
  const entries = new Map<string, Buffer>()
  const text = (start: number, length: number) =>
    tar
      .subarray(start, start + length)
      .toString('utf8')
      .replace(/\0.*$/s, '')
  for (let offset = 0; offset + 512 <= tar.length && tar[offset] !== 0; ) {
    const prefix = text(offset + 345, 155)
    const name = `${prefix ? `${prefix}/` : ''}${text(offset, 100)}`
    const size = Number.parseInt(text(offset + 124, 12).trim() || '0', 8)
    entries.set(name, tar.subarray(offset + 512, offset + 512 + size))
    offset += 512 + Math.ceil(size / 512) * 512
  }
  return entries
}

beforeAll(async () => {
  const resolved = await resolveSeedPath(undefined)
  if (!resolved) throw new Error('@repo/seed is not available')
  seedPath = resolved
  if (!existsSync(path.join(path.dirname(seedPath), 'images/deepseek-illustration.png')))
    throw new Error('the seed illustration is missing: run `pnpm --filter @repo/seed build`')
  source = await startTestServer({ LAKE_SEED: seedPath, LAKE_LISTEN_POOL: '0' })
  target = await startTestServer({
    LAKE_DATASETS: 'production,edits,broken,bare',
    LAKE_LISTEN_POOL: '0',
  })
  // A draft, so the export is seen to carry drafts along, and a file next to the seed's image.
  const client = clientFor(source.lake, 'production')
  await client.create({ _id: 'drafts.tag-deepseek', _type: 'tag', title: 'DeepSeek (draft)' })
  const notes = await client.assets.upload('file', Buffer.from('Reading list\n'), {
    filename: 'notes.txt',
    contentType: 'text/plain',
    label: 'Notes',
  })
  await client.create({
    _id: 'download-notes',
    _type: 'download',
    title: 'Notes',
    file: { _type: 'file', asset: { _type: 'reference', _ref: notes._id } },
  })
  work = mkdtempSync(path.join(tmpdir(), 'lake-dataset-cli-'))
  archive = path.join(work, 'production.tar.gz')
  exportProgress = []
  const result = await exportFromLake(reader(source.lake), 'production', archive, {
    onProgress: (progress) => exportProgress.push(progress),
  })
  expect(result).toEqual({ documents: 15, assets: 2 })
})
afterAll(async () => {
  await source.close()
  await target.close()
  rmSync(work, { recursive: true, force: true })
})

describe('lake dataset export', () => {
  it('writes the tarball `sanity dataset export` writes: documents, assets.json and the image', () => {
    const entries = readTarball(archive)
    const names = [...entries.keys()].map((name) => name.replace(/^[^/]+\//, ''))
    const image = names.find((name) => /^images\/[a-f0-9]{40}-1600x900\.png$/.test(name))
    expect(names).toEqual(expect.arrayContaining(['data.ndjson', 'assets.json']))
    expect(image).toBeDefined()

    const byName = new Map(
      [...entries].map(([name, bytes]) => [name.replace(/^[^/]+\//, ''), bytes]),
    )
    const lines = (byName.get('data.ndjson')?.toString('utf8') ?? '').split('\n').filter(Boolean)
    const docs = lines.map((line) => JSON.parse(line) as SanityDocument)
    // Asset documents travel as files plus assets.json; references become _sanityAsset markers.
    expect(docs.some((doc) => doc._type === 'sanity.imageAsset')).toBe(false)
    expect(docs.map((doc) => doc._id)).toContain('drafts.tag-deepseek')
    expect(JSON.stringify(docs.find((doc) => doc._id === 'picture-deepseek-illustration'))).toMatch(
      /"_sanityAsset":"image@file:\/\/\.\/images\/[a-f0-9]{40}-1600x900\.png"/,
    )
    const sha1 = /([a-f0-9]{40})/.exec(image ?? '')?.[1] ?? ''
    const imageBytes = byName.get(image ?? '')
    expect(
      createHash('sha1')
        .update(imageBytes ?? '')
        .digest('hex'),
    ).toBe(sha1)
    const assets = JSON.parse(byName.get('assets.json')?.toString('utf8') ?? '{}') as Record<
      string,
      { originalFilename?: string }
    >
    expect(assets[`image-${sha1}`]?.originalFilename).toBe('deepseek-illustration.png')

    expect(exportProgress.map((progress) => progress.step)).toEqual(
      expect.arrayContaining(['Exporting documents...', 'Downloading assets...']),
    )
  })
})

describe('lake dataset import', () => {
  it('moves every document and the image into an empty lake', async () => {
    const progress: DatasetProgress[] = []
    const result = await importIntoLake(writer(target.lake), archive, 'production', {
      onProgress: (event) => progress.push(event),
    })
    expect(result).toEqual({ documents: 15, warnings: [] })
    expect(new Set(progress.map((event) => event.step))).toEqual(
      new Set([
        'Reading/validating data file',
        'Importing documents',
        'Importing assets (files/images)',
        'Setting asset references to documents',
        'Strengthening references',
      ]),
    )

    const before = await documentsOf(source.lake, 'production')
    const after = await documentsOf(target.lake, 'production')
    expect(after.map((doc) => doc._id)).toEqual(before.map((doc) => doc._id))
    for (const doc of before.filter((doc) => !isAsset(doc))) {
      expect(content(after.find((copy) => copy._id === doc._id) ?? doc)).toEqual(content(doc))
    }
    // References were weakened for the import and made strong again afterwards.
    expect(JSON.stringify(after)).not.toContain('_weak')

    const original = before.find(isImageAsset)
    const copy = after.find(isImageAsset)
    expect(copy).toMatchObject({
      _id: original?._id,
      sha1hash: original?.sha1hash as string,
      size: original?.size as number,
      mimeType: 'image/png',
      originalFilename: 'deepseek-illustration.png',
      metadata: { dimensions: { width: 1600, height: 900, aspectRatio: 16 / 9 } },
      url: `${target.lake.url}/${String(copy?.path)}`,
    })
    const served = await fetch(String(copy?.url))
    expect(served.status).toBe(200)
    const bytes = Buffer.from(await served.arrayBuffer())
    expect(createHash('sha1').update(bytes).digest('hex')).toBe(copy?.sha1hash)
    expect(
      bytes.equals(
        readFileSync(path.join(path.dirname(seedPath), 'images/deepseek-illustration.png')),
      ),
    ).toBe(true)

    // The file comes back typed and with its label, which travels in assets.json.
    const file = after.find((doc) => doc._type === 'sanity.fileAsset')
    expect(file).toMatchObject({
      _id: before.find((doc) => doc._type === 'sanity.fileAsset')?._id,
      mimeType: 'text/plain',
      originalFilename: 'notes.txt',
      label: 'Notes',
    })
    expect(await (await fetch(String(file?.url))).text()).toBe('Reading list\n')
  })

  it('--missing leaves edited documents alone; --replace overwrites them', async () => {
    const lake = writer(target.lake)
    await importIntoLake(lake, archive, 'edits')
    const client = clientFor(target.lake, 'edits')
    // The picture loses its image too: an import that patched asset references into documents it
    // did not create would put it back.
    await client
      .patch('picture-deepseek-illustration')
      .set({ alt: 'Edited here' })
      .unset(['image'])
      .commit()
    // Sanity (and the lake) refuse to delete a tag that articles reference strongly, so the
    // articles go with it.
    await client.delete({ query: '*[_id == "tag-open-source" || references("tag-open-source")]' })

    await expect(importIntoLake(lake, archive, 'edits')).rejects.toThrow(
      /already exists[\s\S]*--replace/,
    )

    await importIntoLake(lake, archive, 'edits', { mode: 'missing' })
    const kept = await client.getDocument('picture-deepseek-illustration')
    expect(kept).toMatchObject({ alt: 'Edited here' })
    expect(kept?.image).toBeUndefined()
    expect(await client.getDocument('tag-open-source')).toMatchObject({ title: 'Open source' })

    await importIntoLake(lake, archive, 'edits', { mode: 'replace' })
    const replaced = await client.getDocument('picture-deepseek-illustration')
    expect(replaced).toMatchObject({
      alt: 'Cyberpunk DeepSeek illustration',
      image: {
        asset: { _ref: expect.stringMatching(/^image-[a-f0-9]{40}-1600x900-png$/) as unknown },
      },
    })
  })

  it('fails clearly on a bad file and writes nothing', async () => {
    const lake = writer(target.lake)
    const bad = path.join(work, 'bad.ndjson')
    writeFileSync(bad, `${JSON.stringify({ _id: 'fine', _type: 'tag' })}\n{"_id": "broken", \n`)
    await expect(importIntoLake(lake, bad, 'broken')).rejects.toThrow(
      /cannot import .*bad\.ndjson into "broken": Failed to parse line #2/,
    )
    await expect(importIntoLake(lake, path.join(work, 'absent.tar.gz'), 'broken')).rejects.toThrow(
      /absent\.tar\.gz: no such file/,
    )
    await expect(importIntoLake(lake, archive, 'nowhere')).rejects.toThrow(
      /dataset "nowhere" not found on the lake/,
    )
    await expect(
      importIntoLake({ url: target.lake.url, token: 'not-the-token' }, archive, 'broken'),
    ).rejects.toThrow(/refused the token/)
    await expect(
      exportFromLake(
        { url: source.lake.url, token: 'not-the-token' },
        'production',
        path.join(work, 'refused.tar.gz'),
      ),
    ).rejects.toThrow(/cannot export "production"[\s\S]*refused the token/)
    expect(await documentsOf(target.lake, 'broken')).toEqual([])
  })
})

describe('lake dataset (command line)', () => {
  it('exports without assets and drafts, and imports that, with the running lake’s tokens', async () => {
    const lines: string[] = []
    const log = (line: string) => lines.push(line)
    const bare = path.join(work, 'bare.tar.gz')
    const sourceConfig = readConfig({
      LAKE_URL: source.lake.url,
      LAKE_DATA_DIR: path.join(work, 'source-config'),
      SANITY_API_READ_TOKEN: source.lake.tokens.read,
      SANITY_API_WRITE_TOKEN: source.lake.tokens.write,
    })
    await runDatasetCommand(
      ['export', 'production', bare, '--no-assets', '--no-drafts'],
      sourceConfig,
      log,
    )
    expect(lines).toContain('- Exporting documents...')
    expect(lines.at(-1)).toBe(
      `Done! Exported 14 documents and 0 assets from dataset "production" to ${bare}`,
    )
    await expect(
      runDatasetCommand(['export', 'production', bare], sourceConfig, log),
    ).rejects.toThrow(/already exists.*--overwrite/)

    const targetConfig = readConfig({
      LAKE_URL: target.lake.url,
      LAKE_DATA_DIR: path.join(work, 'target-config'),
      SANITY_API_READ_TOKEN: target.lake.tokens.read,
      SANITY_API_WRITE_TOKEN: target.lake.tokens.write,
    })
    await runDatasetCommand(['import', bare, 'bare'], targetConfig, log)
    expect(lines.at(-1)).toBe(`Done! Imported 14 documents to dataset "bare" at ${target.lake.url}`)
    const docs = await documentsOf(target.lake, 'bare')
    expect(docs).toHaveLength(14)
    expect(docs.some((doc) => doc._id.startsWith('drafts.') || isAsset(doc))).toBe(false)
    const picture = docs.find((doc) => doc._id === 'picture-deepseek-illustration')
    // --no-assets drops every field that holds an asset, as `sanity dataset export` does.
    expect(picture).toMatchObject({ alt: 'Cyberpunk DeepSeek illustration' })
    expect(picture?.image).toBeUndefined()

    await expect(
      runDatasetCommand(['import', bare, 'bare', '--replace', '--missing'], targetConfig, log),
    ).rejects.toThrow('--replace and --missing exclude each other')
    const stray = path.join(work, 'not-a-lake')
    await expect(
      runDatasetCommand(['import', bare, 'bare'], readConfig({ LAKE_DATA_DIR: stray }), log),
    ).rejects.toThrow(/no lake tokens: .*tokens\.json does not exist/)
    expect(existsSync(stray)).toBe(false)
  })
})
