import { deflateSync } from 'node:zlib'
import { encodePng } from '@repo/content-generator/png'
import sharp from 'sharp'
import type { Random } from './random.ts'

/** Small valid files of every format the image endpoint reads, to truncate and corrupt. */
export interface UploadSamples {
  images: Uint8Array[]
  bombs: Uint8Array[]
}

/** A well-formed PNG header declaring `width`×`height`, with a few rows of real pixel data. */
export function declaredPng(width: number, height: number): Uint8Array {
  return encodePng(width, height, deflateSync(Buffer.alloc(Math.min(height, 4) * (1 + width * 3))))
}

/** A real 16×12 AVIF whose header (the `ispe` box) declares `width`×`height`. */
export async function declaredAvif(width: number, height: number): Promise<Uint8Array> {
  const avif = await sharp({ create: { width: 16, height: 12, channels: 3, background: '#000' } })
    .avif({ effort: 0 })
    .toBuffer()
  const ispe = avif.indexOf('ispe', 0, 'latin1')
  if (ispe === -1) throw new Error('no ispe box in the AVIF')
  avif.writeUInt32BE(width, ispe + 8)
  avif.writeUInt32BE(height, ispe + 12)
  return avif
}

export async function uploadSamples(): Promise<UploadSamples> {
  const base = () =>
    sharp({ create: { width: 16, height: 12, channels: 4, background: '#3366aacc' } })
  const images = await Promise.all([
    base().png().toBuffer(),
    base().jpeg().toBuffer(),
    base().webp().toBuffer(),
    base().gif().toBuffer(),
    base().tiff().toBuffer(),
    base().avif({ effort: 0 }).toBuffer(),
  ])
  const svg = (size: number) =>
    Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}"/>`)
  return {
    images: [...images, svg(10)],
    // Tiny files that decode to gigapixels: the upload must refuse them, not allocate them.
    bombs: [
      declaredPng(50_000, 50_000),
      declaredPng(100_000, 1),
      svg(100_000),
      await declaredAvif(6_553_616, 12),
    ],
  }
}

export interface UploadInput {
  kind: 'images' | 'files'
  contentType: string | undefined
  search: string
  body: Uint8Array
  token: 'write' | 'read' | undefined
}

function corrupt(r: Random, bytes: Uint8Array): Uint8Array {
  const copy = Uint8Array.from(bytes)
  for (let flips = r.int(1, 8); flips > 0; flips--) copy[r.int(0, copy.length - 1)] = r.int(0, 255)
  return copy
}

function body(r: Random, samples: UploadSamples): Uint8Array {
  const sample = r.pick(samples.images)
  return r.weighted([
    // Decoding a valid image is the slow path, so it is the rarest here (uploads.test.ts covers it).
    [1, () => sample],
    [6, () => sample.subarray(0, r.int(0, sample.length - 1))],
    [4, () => corrupt(r, sample)],
    [1, () => new Uint8Array()],
    [3, () => r.bytes(r.length(2_000))],
    [1, () => r.pick(samples.bombs)],
    [2, () => new TextEncoder().encode(r.text(200))],
  ])
}

/** An upload: right or wrong endpoint, content type and parameters for valid and broken bytes. */
export function fuzzUpload(r: Random, samples: UploadSamples): UploadInput {
  const search = new URLSearchParams()
  for (const name of ['filename', 'label', 'title', 'description', 'sourceId', 'sourceName']) {
    if (r.chance(0.2)) {
      search.set(name, r.pick(['../../etc/passwd', 'a.png', 'x'.repeat(2_000), r.text(20)]))
    }
  }
  return {
    kind: r.chance(0.7) ? 'images' : 'files',
    contentType: r.pick([
      undefined,
      'image/png',
      'image/jpeg',
      'application/octet-stream',
      'text/plain; charset=utf-8',
      'multipart/form-data; boundary=x',
      r.text(30).replace(/[^\x20-\x7e]/g, ''),
    ]),
    search: search.toString(),
    body: body(r, samples),
    token: r.weighted<UploadInput['token']>([
      [18, () => 'write'],
      [1, () => 'read'],
      [1, () => undefined],
    ]),
  }
}
