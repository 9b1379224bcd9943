import { fileURLToPath } from 'node:url'

/** The launch dataset in Sanity's NDJSON export format; its `_sanityAsset` paths are relative to it. */
export const seedDatasetPath = fileURLToPath(new URL('../dataset/production.ndjson', import.meta.url))

/** Where the generated illustration lands, next to the dataset that refers to it. */
export const seedImagesDir = fileURLToPath(new URL('../dataset/images/', import.meta.url))
