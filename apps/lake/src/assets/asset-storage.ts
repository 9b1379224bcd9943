import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'

export type AssetKind = 'images' | 'files'

const safeSegment = /^[a-zA-Z0-9._-]+$/

/**
 * Originals live at `<dataDir>/assets/<kind>/<projectId>/<dataset>/<name>` — the same relative
 * path as the asset's `path` field — and transformed images under `<dataDir>/cache/images`
 * (see images/variant-cache.ts).
 */
export class AssetStorage {
  readonly root: string

  constructor(dataDir: string) {
    this.root = path.resolve(dataDir)
  }

  originalPath(kind: AssetKind, projectId: string, dataset: string, name: string): string {
    // Every segment comes from a URL or a hash; refuse anything that could walk out of the root.
    for (const segment of [projectId, dataset, name]) {
      if (!safeSegment.test(segment) || segment.startsWith('.'))
        throw new Error(`Unsafe path segment "${segment}"`)
    }
    return path.join(this.root, 'assets', kind, projectId, dataset, name)
  }

  async exists(file: string): Promise<boolean> {
    try {
      return (await stat(file)).isFile()
    } catch {
      return false
    }
  }

  async read(file: string): Promise<Buffer> {
    return readFile(file)
  }

  /** Content-addressed, so an existing file already holds the same bytes. */
  async writeOnce(file: string, bytes: Uint8Array): Promise<void> {
    if (existsSync(file)) return
    await writeAtomically(file, bytes)
  }
}

/** Write to a temp file and rename, so a crash never leaves a half-written asset behind. */
export async function writeAtomically(file: string, bytes: Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true })
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`
  try {
    await writeFile(temp, bytes)
    await rename(temp, file)
  } catch (error) {
    // A write cut short by a full disk would otherwise keep the space it did get.
    await rm(temp, { force: true })
    throw error
  }
}
