import sharp from 'sharp'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestLake } from '../../test/test-lake.ts'
import type { TestLake } from '../../test/test-lake.ts'

let lake: TestLake
let png: Buffer

beforeEach(async () => {
  lake = createTestLake()
  png = await sharp({
    create: { width: 40, height: 30, channels: 4, background: { r: 10, g: 120, b: 200, alpha: 1 } },
  })
    .png()
    .toBuffer()
})
afterEach(() => {
  lake.cleanup()
})

const upload = (body: Uint8Array, query = '?filename=blue.png', token = 'write') =>
  lake.request(`/v2025-02-19/assets/images/production${query}`, {
    token,
    body,
    headers: { 'Content-Type': 'image/png' },
  })

describe('POST /v*/assets/images', () => {
  it('stores the image and creates a sanity.imageAsset document', async () => {
    const res = await upload(png)
    expect(res.status).toBe(200)
    const { document } = (await res.json()) as { document: Record<string, unknown> }
    const sha1 = document.sha1hash as string
    expect(document).toMatchObject({
      _id: `image-${sha1}-40x30-png`,
      _type: 'sanity.imageAsset',
      assetId: sha1,
      path: `images/local/production/${sha1}-40x30.png`,
      url: `http://lake.test/images/local/production/${sha1}-40x30.png`,
      originalFilename: 'blue.png',
      extension: 'png',
      mimeType: 'image/png',
      size: png.length,
      metadata: {
        _type: 'sanity.imageMetadata',
        dimensions: {
          _type: 'sanity.imageDimensions',
          width: 40,
          height: 30,
          aspectRatio: 40 / 30,
        },
        hasAlpha: true,
        isOpaque: true,
        palette: { dominant: { background: expect.stringMatching(/^#[0-9a-f]{6}$/) as string } },
      },
    })
    expect(document.metadata).toHaveProperty(
      'lqip',
      expect.stringMatching(/^data:image\/jpeg;base64,/),
    )
    expect(document._rev).toEqual(expect.any(String))
  })

  it('returns the existing asset for the same bytes', async () => {
    const first = (await (await upload(png)).json()) as { document: { _id: string; _rev: string } }
    const second = (await (await upload(png, '?filename=again.png')).json()) as {
      document: { _id: string; _rev: string }
    }
    expect(second.document).toEqual(first.document)
    expect(lake.store.snapshot('production').documents()).toHaveLength(1)
  })

  it('rejects non-images, truncated files and unauthorised callers', async () => {
    expect((await upload(new TextEncoder().encode('not an image'))).status).toBe(400)
    expect((await upload(png.subarray(0, png.length - 20))).status).toBe(400)
    expect((await upload(new Uint8Array())).status).toBe(400)
    expect((await lake.request('/v1/assets/images/production', { body: png })).status).toBe(401)
    expect((await upload(png, '', 'read')).status).toBe(403)
    expect(lake.store.snapshot('production').documents()).toHaveLength(0)
  })

  it('rejects decompression bombs', async () => {
    // 12000×12000 of one colour compresses to a tiny PNG but decodes to 144 megapixels.
    const bomb = await sharp({
      create: { width: 12_000, height: 12_000, channels: 3, background: '#fff' },
    })
      .png({ compressionLevel: 9 })
      .toBuffer()
    expect(bomb.length).toBeLessThan(1_000_000)
    expect((await upload(bomb)).status).toBe(400)
  })
})

describe('POST /v*/assets/files', () => {
  it('stores a file as sanity.fileAsset and serves it back', async () => {
    const bytes = new TextEncoder().encode('%PDF-1.4 pretend')
    const res = await lake.request('/v1/assets/files/production?filename=Report.PDF', {
      token: 'write',
      body: bytes,
      headers: { 'Content-Type': 'application/pdf' },
    })
    const { document } = (await res.json()) as { document: Record<string, string> }
    expect(document).toMatchObject({
      _type: 'sanity.fileAsset',
      extension: 'pdf',
      mimeType: 'application/pdf',
      originalFilename: 'Report.PDF',
    })
    expect(document._id).toBe(`file-${document.sha1hash ?? ''}-pdf`)
    const served = await lake.request(`/${document.path ?? ''}`)
    expect(served.status).toBe(200)
    expect(served.headers.get('content-type')).toBe('application/pdf')
    expect(await served.text()).toBe('%PDF-1.4 pretend')
  })

  it('types an untyped upload by its file name, as an import re-uploading files/ sends it', async () => {
    for (const contentType of [undefined, 'application/octet-stream']) {
      const res = await lake.request('/v1/assets/files/production?filename=notes.txt', {
        token: 'write',
        body: new TextEncoder().encode(`plain notes sent as ${contentType ?? 'nothing'}`),
        headers: contentType ? { 'Content-Type': contentType } : {},
      })
      const { document } = (await res.json()) as { document: Record<string, string> }
      expect(document).toMatchObject({ extension: 'txt', mimeType: 'text/plain' })
    }
  })
})
