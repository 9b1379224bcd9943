import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestLake } from '../test-lake.ts'
import type { TestLake } from '../test-lake.ts'
import { expectEveryAnswerShaped, fuzzSeed } from './fuzz-harness.ts'
import { declaredAvif, declaredPng, fuzzUpload, uploadSamples } from './uploads.ts'
import type { UploadInput, UploadSamples } from './uploads.ts'

const seed = fuzzSeed(process.env.LAKE_FUZZ_SEED)

let lake: TestLake
let samples: UploadSamples
beforeAll(async () => {
  lake = createTestLake({ inMemory: true })
  samples = await uploadSamples()
})
afterAll(() => {
  lake.cleanup()
})

function upload(input: Pick<UploadInput, 'kind' | 'body'> & Partial<UploadInput>) {
  return lake.request(`/v2025-02-19/assets/${input.kind}/production?${input.search ?? ''}`, {
    method: 'POST',
    token: input.token ?? 'write',
    body: input.body,
    headers: input.contentType === undefined ? {} : { 'Content-Type': input.contentType },
  })
}

describe('fuzzing asset uploads', () => {
  it('should answer 10,000 generated uploads with a 2xx or a Sanity 4xx', async () => {
    await expectEveryAnswerShaped({
      name: 'asset uploads',
      seed,
      count: 10_000,
      // sharp decodes on libuv's thread pool: uploads in flight together keep both cores busy.
      concurrency: 4,
      // libvips allocates outside the JS heap (136 MB to read a corrupt GIF declaring 64,903×15
      // pixels), and glibc keeps what it frees for reuse, in one arena per thread unless
      // MALLOC_ARENA_MAX caps them. Measured peak growth: 260–280 MB with MALLOC_ARENA_MAX=2 (as
      // `pnpm test` and `pnpm serve` run), 330–390 MB without (410–450 MB before the lake turned
      // libvips's cache off and took large decodes one at a time).
      maxRssGrowthBytes: (process.env.MALLOC_ARENA_MAX === '2' ? 400 : 512) * 1024 * 1024,
      generate: (r) => fuzzUpload(r, samples),
      send: upload,
    })
  }, 120_000)

  it.each([
    ['a PNG declaring 50,000×50,000 pixels', () => declaredPng(50_000, 50_000)],
    ['an AVIF declaring 6,553,616×12 pixels', () => declaredAvif(6_553_616, 12)],
  ])('should refuse %s quickly, without decoding it', async (_name, bomb) => {
    const body = await bomb()
    const rss = process.memoryUsage.rss()
    const started = performance.now()
    const response = await upload({ kind: 'images', body })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({
      message: expect.stringMatching(/^Invalid image/) as string,
    })
    expect(performance.now() - started).toBeLessThan(1000)
    expect(process.memoryUsage.rss() - rss).toBeLessThan(100 * 1024 * 1024)
  })
})
