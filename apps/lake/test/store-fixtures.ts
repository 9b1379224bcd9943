import { generateDataset } from '@repo/content-generator'
import type { SqliteStore } from '../src/store/sqlite-store.ts'
import type { SanityDocument } from '../src/store/store.ts'

/**
 * A generated dataset as the lake holds it after an import: each image marker of the generator
 * becomes an asset reference, as `lake import` makes it (without uploading anything).
 */
export function importedDataset(options: Parameters<typeof generateDataset>[0]): SanityDocument[] {
  const { documents } = generateDataset(options)
  return JSON.parse(JSON.stringify(documents), (_key, value: unknown) => {
    if (value && typeof value === 'object' && '_sanityAsset' in value) {
      const { _sanityAsset: marker, ...rest } = value as { _sanityAsset: string }
      return { ...rest, asset: { _type: 'reference', _ref: `image-${marker.length}-480x270-png` } }
    }
    return value
  }) as SanityDocument[]
}

/** Commits one transaction creating `documents` straight through the store (no HTTP, no checks). */
export function createInStore(
  store: SqliteStore,
  dataset: string,
  documents: readonly SanityDocument[],
  transactionId: string,
) {
  return store.write(dataset, () =>
    Promise.resolve({
      commits: [
        {
          transactionId,
          timestamp: '2026-01-01T00:00:00Z',
          author: 'test',
          mutations: [],
          changes: documents.map((doc) => ({ id: doc._id, before: null, after: doc })),
        },
      ],
      result: undefined,
    }),
  )
}
