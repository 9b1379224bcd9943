import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { finished } from 'node:stream/promises'

import type { GeneratedDataset } from './generate-dataset.ts'
import { illustrationPng } from './png.ts'

/**
 * Writes the dataset as Sanity's NDJSON export (one document per line) with its images next to
 * it, where the `_sanityAsset` markers point, ready for `lake import <file>`.
 */
export async function writeDataset(dataset: GeneratedDataset, file: string): Promise<void> {
  const dir = path.dirname(path.resolve(file))
  await mkdir(path.join(dir, 'images'), { recursive: true })
  for (const image of dataset.images) {
    await writeFile(path.join(dir, image.path), illustrationPng(image.hue, image.variant))
  }
  const out = createWriteStream(file)
  for (const document of dataset.documents) {
    if (!out.write(`${JSON.stringify(document)}\n`)) {
      await once(out, 'drain')
    }
  }
  out.end()
  await finished(out)
}
