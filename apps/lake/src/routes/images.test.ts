import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestLake } from '../../test/test-lake.ts'
import type { TestLake } from '../../test/test-lake.ts'

let lake: TestLake
let imagePath: string

beforeAll(async () => {
  lake = createTestLake()
  const png = await sharp({
    create: { width: 200, height: 100, channels: 3, background: '#3366cc' },
  })
    .png()
    .toBuffer()
  const res = await lake.request('/v1/assets/images/production', { token: 'write', body: png })
  imagePath = `/${((await res.json()) as { document: { path: string } }).document.path}`
})
afterAll(() => {
  lake.cleanup()
})

async function fetchImage(query: string, headers: Record<string, string> = {}) {
  const res = await lake.request(`${imagePath}${query}`, { headers })
  const bytes = Buffer.from(await res.arrayBuffer())
  const meta = res.status === 200 ? await sharp(bytes).metadata() : undefined
  return { res, meta }
}

describe('GET /images/:projectId/:dataset/:file', () => {
  it('serves the original with immutable caching and an ETag', async () => {
    const { res, meta } = await fetchImage('')
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(res.headers.get('content-type')).toBe('image/png')
    expect(meta).toMatchObject({ width: 200, height: 100 })
    const etag = res.headers.get('etag') ?? ''
    expect((await lake.request(imagePath, { headers: { 'If-None-Match': etag } })).status).toBe(304)
  })

  it('resizes with w/h and the fit modes', async () => {
    expect((await fetchImage('?w=50')).meta).toMatchObject({ width: 50, height: 25 })
    expect((await fetchImage('?w=50&h=50&fit=crop')).meta).toMatchObject({ width: 50, height: 50 })
    expect((await fetchImage('?w=50&h=50')).meta).toMatchObject({ width: 50, height: 25 })
    expect((await fetchImage('?w=50&h=50&fit=fill')).meta).toMatchObject({ width: 50, height: 50 })
    expect((await fetchImage('?w=50&h=50&fit=scale')).meta).toMatchObject({ width: 50, height: 50 })
    expect((await fetchImage('?w=400&fit=max')).meta).toMatchObject({ width: 200, height: 100 })
    expect((await fetchImage('?w=400&h=400&fit=fillmax')).meta).toMatchObject({
      width: 400,
      height: 400,
    })
    expect((await fetchImage('?w=400&h=400&fit=min')).meta).toMatchObject({
      width: 100,
      height: 100,
    })
    expect((await fetchImage('?w=50&dpr=2')).meta).toMatchObject({ width: 100 })
    expect((await fetchImage('?max-w=80')).meta).toMatchObject({ width: 80 })
  })

  it('crops with rect and focal points', async () => {
    expect((await fetchImage('?rect=10,10,80,40')).meta).toMatchObject({ width: 80, height: 40 })
    expect(
      (await fetchImage('?rect=0,0,100,100&w=20&h=10&fit=crop&crop=focalpoint&fp-x=0.9&fp-y=0.5'))
        .meta,
    ).toMatchObject({ width: 20, height: 10 })
  })

  it('converts formats and negotiates auto=format from Accept', async () => {
    expect((await fetchImage('?fm=jpg&q=50')).meta?.format).toBe('jpeg')
    expect((await fetchImage('?fm=webp')).meta?.format).toBe('webp')
    const auto = await fetchImage('?w=20&auto=format', { Accept: 'image/webp,*/*' })
    expect(auto.meta?.format).toBe('webp')
    expect(auto.res.headers.get('vary')).toContain('Accept')
    const fallback = await fetchImage('?w=20&auto=format', { Accept: 'image/png' })
    expect(fallback.meta?.format).toBe('png')
  })

  it('serves cached variants identically', async () => {
    const first = await lake.request(`${imagePath}?w=33&blur=20&bg=ff0000`)
    const second = await lake.request(`${imagePath}?w=33&blur=20&bg=ff0000`)
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'))
    expect(Buffer.from(await second.arrayBuffer())).toEqual(Buffer.from(await first.arrayBuffer()))
  })

  it('answers 400 for bad parameters and 404 for unknown images', async () => {
    for (const query of [
      '?w=-1',
      '?w=abc',
      '?fit=nope',
      '?fm=bmp',
      '?rect=1,2,3',
      '?q=101',
      '?crop=diagonal',
      '?bg=zzz',
    ]) {
      expect((await lake.request(`${imagePath}${query}`)).status, query).toBe(400)
    }
    expect(
      (
        await lake.request(
          '/images/local/production/0000000000000000000000000000000000000000-1x1.png',
        )
      ).status,
    ).toBe(404)
    expect((await lake.request(imagePath.replace('/local/', '/other/'))).status).toBe(404)
    expect((await lake.request('/images/local/production/../../etc/passwd')).status).toBe(404)
  })
})
