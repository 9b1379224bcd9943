import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { maxBlurCost, maxOutputPixels } from '../images/output-bounds.ts'
import { createTestLake, testTokens } from '../../test/test-lake.ts'
import { startLakeProcess } from '../../test/test-process.ts'
import type { TestLake } from '../../test/test-lake.ts'

/** Bytes of every file under `dir`: as written, and as allocated on disk (st_blocks). */
function diskUsage(dir: string): { size: number; allocated: number } {
  let size = 0
  let allocated = 0
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const stats = statSync(path.join(entry.parentPath, entry.name))
    size += stats.size
    allocated += stats.blocks * 512
  }
  return { size, allocated }
}

async function uploadImage(
  send: (body: Buffer) => Promise<Response>,
  image: sharp.Sharp | Buffer,
): Promise<string> {
  const response = await send(Buffer.isBuffer(image) ? image : await image.toBuffer())
  expect(response.status).toBe(200)
  return `/${((await response.json()) as { document: { path: string } }).document.path}`
}

const cacheBytes = 256 * 1024

describe('image transforms', () => {
  let lake: TestLake
  let imagePath: string
  let tallPath: string

  beforeAll(async () => {
    lake = createTestLake({ inMemory: true, imageCacheBytes: cacheBytes })
    const upload = (body: Buffer) =>
      lake.request('/v1/assets/images/production', { token: 'write', body })
    const noise = { type: 'gaussian', mean: 128, sigma: 30 } as const
    imagePath = await uploadImage(
      upload,
      sharp({
        create: { width: 200, height: 100, channels: 3, background: '#3366cc', noise },
      }).png(),
    )
    tallPath = await uploadImage(
      upload,
      sharp({ create: { width: 10, height: 4000, channels: 3, background: '#cc6633' } }).png(),
    )
  })
  afterAll(() => {
    lake.cleanup()
  })

  it('should never let 1,000 distinct variants push the cache on disk past its cap', async () => {
    const cacheDir = path.join(lake.dir, 'cache', 'images')
    let most = 0
    for (let n = 0; n < 1000; n++) {
      // Distinct sizes and formats: from a few hundred bytes to ~70 KB of noisy PNG.
      const query = `?w=${(n % 250) + 1}&fm=${['png', 'jpg', 'webp', 'png'][Math.floor(n / 250)]}`
      const response = await lake.request(`${imagePath}${query}`)
      expect(response.status, query).toBe(200)
      const { size, allocated } = diskUsage(cacheDir)
      most = Math.max(most, size, allocated)
      expect(size, query).toBeLessThanOrEqual(cacheBytes)
      expect(allocated, query).toBeLessThanOrEqual(cacheBytes)
    }
    // The cache was used, not bypassed: it filled to most of its cap.
    expect(most).toBeGreaterThan(cacheBytes / 2)
  }, 120_000)

  it('should answer 400 in Sanity error shape past the output pixel and blur bounds', async () => {
    const refused = async (query: string, pattern: RegExp) => {
      const response = await lake.request(`${imagePath}${query}`)
      expect(response.status, query).toBe(400)
      const body = (await response.json()) as { statusCode: number; error: string; message: string }
      expect(body, query).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: expect.stringMatching(pattern) as unknown,
      })
      expect(response.headers.get('cache-control'), query).toBeNull()
    }
    // 8192×8192 is Sanity's largest box, but 67 megapixels.
    await refused('?w=8192&h=8192&fit=scale', /at most 40 megapixels/)
    await refused('?w=4096&h=4096&fit=scale&dpr=2', /8192×8192/)
    // The crop of a 2:1 image to 8192×8192 is cut from 16384×8192.
    await refused('?w=8192&h=8192&fit=crop', /16384×8192/)
    // A width the original's shape turns into 40 million pixels of height.
    const tall = await lake.request(`${tallPath}?w=2000`)
    expect(tall.status).toBe(400)
    // The 32-second transform.
    await refused('?w=8192&h=8192&blur=2000', /"blur": "2000".*8192×4096/)
    // Blur scales with the pixels: 2000 is fine at 1000×1000, not at 2000×2000.
    await refused('?w=2000&h=2000&fit=scale&blur=2000', /"blur": "2000".*at most 1200/)
    expect((await lake.request(`${imagePath}?w=1000&h=1000&fit=scale&blur=2000`)).status).toBe(200)
    expect(maxBlurCost / (1000 * 1000)).toBeGreaterThanOrEqual(2000)
    // The largest allowed box still renders.
    expect((await lake.request(`${imagePath}?w=8000&h=5000&fit=scale&fm=jpg&q=10`)).status).toBe(
      200,
    )
    expect(8000 * 5000).toBeLessThanOrEqual(maxOutputPixels)
  }, 60_000)
})

describe('a burst of heavy transforms', () => {
  it('should leave /health, queries and originals answering within 1 s during six at once', async () => {
    // Its own process, so the test's client work does not share the lake's event loop.
    const dataDir = mkdtempSync(path.join(tmpdir(), 'lake-image-burst-'))
    const children = new Set<ChildProcess>()
    // Settled before the lake stops.
    let heavy: Promise<{ status: number; bytes: number }>[] = []
    try {
      const { url } = await startLakeProcess(dataDir, testTokens, children, process.env)
      const noise = { type: 'gaussian', mean: 128, sigma: 60 } as const
      const original = await sharp({
        create: { width: 1200, height: 1200, channels: 3, background: '#808080', noise },
      })
        .jpeg()
        .toBuffer()
      const imagePath = await uploadImage(
        (body) =>
          fetch(`${url}/v1/assets/images/production`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${testTokens.write}`, 'Content-Type': 'image/jpeg' },
            body: new Uint8Array(body),
          }),
        original,
      )
      // Near the blur bound: 1.44 megapixels blurred by 2000, about a second of CPU each.
      heavy = Array.from({ length: 6 }, (_, n) =>
        fetch(`${url}${imagePath}?w=1200&h=1200&fit=scale&blur=${2000 - n}`).then(
          async (response) => ({
            status: response.status,
            bytes: (await response.arrayBuffer()).byteLength,
          }),
        ),
      )
      const burst = { done: false }
      void Promise.allSettled(heavy).then(() => (burst.done = true))
      const timings: number[] = []
      while (!burst.done) {
        const started = performance.now()
        // The original is read from disk on libuv's thread pool, where sharp works too.
        const [health, query, originalImage] = await Promise.all([
          fetch(`${url}/health`),
          fetch(`${url}/v2025-02-19/data/query/production?query=${encodeURIComponent('count(*)')}`),
          fetch(`${url}${imagePath}`),
        ])
        timings.push(performance.now() - started)
        expect(health.status).toBe(200)
        expect(query.status).toBe(200)
        // Buffer.equals: toEqual walks 1 MB byte by byte for seconds.
        expect(Buffer.from(await originalImage.arrayBuffer()).equals(original)).toBe(true)
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      for (const result of await Promise.all(heavy)) {
        expect(result.status).toBe(200)
        expect(result.bytes).toBeGreaterThan(0)
      }
      // Checked all through the burst, not after it.
      expect(timings.length).toBeGreaterThan(5)
      console.log(
        `burst: ${timings.length} rounds of /health, a query and an original, slowest ${Math.round(Math.max(...timings))} ms`,
      )
      expect(Math.max(...timings)).toBeLessThan(1000)
    } finally {
      await Promise.allSettled(heavy)
      for (const child of children) child.kill('SIGKILL')
      rmSync(dataDir, { recursive: true, force: true })
    }
  }, 120_000)
})
