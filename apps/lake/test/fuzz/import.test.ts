import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AssetStorage } from '../../src/assets/asset-storage.ts'
import { LakeError } from '../../src/http/errors.ts'
import { importNdjson } from '../../src/import/import-dataset.ts'
import { createTestLake } from '../test-lake.ts'
import type { TestLake } from '../test-lake.ts'
import { fuzz, fuzzSeed } from './fuzz-harness.ts'
import { fuzzImport } from './ndjson-lines.ts'
import type { ImportInput } from './ndjson-lines.ts'

const seed = fuzzSeed(process.env.LAKE_FUZZ_SEED)

let lake: TestLake
let folder: string
beforeAll(async () => {
  lake = createTestLake({ inMemory: true })
  folder = path.join(lake.dir, 'export')
  mkdirSync(path.join(folder, 'images'), { recursive: true })
  mkdirSync(path.join(folder, 'files'), { recursive: true })
  await sharp({ create: { width: 4, height: 3, channels: 3, background: '#123456' } })
    .png()
    .toFile(path.join(folder, 'images/ok.png'))
  writeFileSync(path.join(folder, 'images/corrupt.png'), '\x89PNG\r\n\x1a\nnot really')
  writeFileSync(path.join(folder, 'files/notes.txt'), 'notes')
})
afterAll(() => {
  lake.cleanup()
})

let lines = 0

/** What `lake import` does with the file: it either imports, or fails with a 4xx LakeError. */
async function importFile(input: ImportInput): Promise<void> {
  // One file, rewritten for every input rather than thousands of new ones (writing them is a
  // third of the run).
  const file = path.join(folder, 'import.ndjson')
  writeFileSync(file, input.lines.join(input.separator))
  lines += input.lines.length
  const deps = {
    store: lake.store,
    assets: new AssetStorage(lake.dir),
    projectId: 'local',
    publicUrl: 'http://lake.test',
    queryTimeoutMs: 1000,
  }
  try {
    await importNdjson(deps, 'production', file, { mode: input.mode })
  } catch (error) {
    if (!(error instanceof LakeError)) throw error
    if (error.status >= 500 || error.message === '') throw error
  }
}

describe('fuzzing NDJSON import (`lake import`)', () => {
  it('should import or refuse with a clear 4xx error 10,000 generated NDJSON lines', async () => {
    await fuzz({
      name: 'NDJSON import',
      seed,
      count: 3_000,
      generate: fuzzImport,
      check: importFile,
    })
    expect(lines).toBeGreaterThanOrEqual(10_000)
  }, 120_000)
})
