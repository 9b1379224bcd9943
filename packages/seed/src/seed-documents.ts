import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'

import { seedDatasetPath } from './dataset-path.ts'

export type SeedDocument = Record<string, unknown> & { _id: string; _type: string }

export function readSeedDocuments(path = seedDatasetPath): SeedDocument[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as SeedDocument)
}

/**
 * Replaces Sanity's `_sanityAsset` import markers with the asset reference an import would leave,
 * so the seed can be checked as the documents the lake will hold.
 */
export function withImportedAssets(document: SeedDocument): SeedDocument {
  return JSON.parse(JSON.stringify(document), (_key, value: unknown) => {
    if (value && typeof value === 'object' && '_sanityAsset' in value) {
      const { _sanityAsset: marker, ...rest } = value as { _sanityAsset: string }
      const hash = createHash('sha1').update(marker).digest('hex')
      return { ...rest, asset: { _type: 'reference', _ref: `image-${hash}-1600x900-png` } }
    }
    return value
  }) as SeedDocument
}
