import { existsSync } from 'node:fs'
import type { LakeDeps } from '../deps.ts'
import { importNdjson } from './import-dataset.ts'

// A variable specifier keeps TypeScript from resolving it: @repo/seed may not exist yet.
const seedModule = '@repo/seed/dataset'

/**
 * `null` disables seeding, a string is an explicit file, `undefined` asks `@repo/seed` — loaded
 * lazily so the lake still starts when that package is missing or broken.
 */
export async function resolveSeedPath(
  configured: string | null | undefined,
): Promise<string | null> {
  if (configured !== undefined) return configured
  try {
    const mod = (await import(seedModule)) as { seedDatasetPath?: unknown }
    return typeof mod.seedDatasetPath === 'string' ? mod.seedDatasetPath : null
  } catch {
    return null
  }
}

/** Imports the seed into a dataset that has no documents yet; never touches existing content. */
export async function seedIfEmpty(
  deps: Pick<LakeDeps, 'store' | 'assets' | 'projectId' | 'publicUrl' | 'queryTimeoutMs'>,
  dataset: string,
  seedPath: string | null,
  log: (message: string) => void,
): Promise<boolean> {
  if (seedPath === null || deps.store.snapshot(dataset).documents().length > 0) return false
  if (!existsSync(seedPath)) {
    log(`seed file ${seedPath} not found; starting with an empty dataset`)
    return false
  }
  const { documents, assets } = await importNdjson(deps, dataset, seedPath, {
    mode: 'replace',
    onProgress: log,
  })
  log(`seeded "${dataset}" with ${documents} documents and ${assets} assets from ${seedPath}`)
  return true
}
