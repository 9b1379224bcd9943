import { readdir, readFile, rm, stat } from 'node:fs/promises'
import path from 'node:path'
import { writeAtomically } from '../assets/asset-storage.ts'

/** LAKE_IMAGE_CACHE_MB's default. */
export const defaultImageCacheMb = 256

/** What a file of `size` bytes takes on disk: whole 4 KiB blocks (ext4's and tmpfs's). */
export function diskBytes(size: number): number {
  return Math.ceil(size / 4096) * 4096
}

interface Entry {
  file: string
  bytes: number
}

/**
 * Rendered image variants on disk, never more than `capBytes` of them (counted in disk blocks, see
 * diskBytes): keeping a new one past the cap first deletes the least recently used. Anyone can ask
 * for new variants, so without a cap the cache grows until the disk is full. The index lives in
 * memory; on start it is rebuilt from the files, least recently read or written first.
 */
export class VariantCache {
  readonly #dir: string
  readonly #capBytes: number
  // Map order is recency order: every hit moves its entry to the end.
  readonly #entries = new Map<string, Entry>()
  // Kept files plus the ones being written.
  #bytes = 0
  #loaded: Promise<void> | undefined

  constructor(dir: string, capBytes: number) {
    this.#dir = dir
    this.#capBytes = capBytes
  }

  /** The variant stored under `name` (`<key>.<extension>`), if it is kept. */
  async read(name: string): Promise<Buffer | undefined> {
    await this.#load()
    const entry = this.#entries.get(name)
    if (!entry) return undefined
    this.#entries.delete(name)
    this.#entries.set(name, entry)
    try {
      return await readFile(entry.file)
    } catch {
      // Deleted behind the lake's back: forget it.
      if (this.#entries.get(name) === entry) this.#forget(name, entry)
      return undefined
    }
  }

  /**
   * Keeps `bytes` under `name`, evicting older variants to stay under the cap. A variant over an
   * eighth of the cap is not kept, so no single request empties the cache. Failing to write (a
   * full disk) only means the variant is rendered again next time.
   */
  async write(name: string, bytes: Uint8Array): Promise<void> {
    await this.#load()
    const size = diskBytes(bytes.length)
    if (this.#entries.has(name) || size > this.#capBytes / 8) return
    this.#bytes += size
    await this.#evict()
    const file = this.#path(name)
    try {
      await writeAtomically(file, bytes)
    } catch {
      this.#bytes -= size
      return
    }
    const previous = this.#entries.get(name)
    if (previous) this.#forget(name, previous)
    this.#entries.set(name, { file, bytes: size })
  }

  #path(name: string): string {
    return path.join(this.#dir, name.slice(0, 2), name)
  }

  #forget(name: string, entry: Entry): void {
    this.#entries.delete(name)
    this.#bytes -= entry.bytes
  }

  async #evict(): Promise<void> {
    const removals: Promise<void>[] = []
    for (const [name, entry] of this.#entries) {
      if (this.#bytes <= this.#capBytes) break
      this.#forget(name, entry)
      removals.push(rm(entry.file, { force: true }))
    }
    await Promise.all(removals)
  }

  #load(): Promise<void> {
    this.#loaded ??= this.#scan()
    return this.#loaded
  }

  async #scan(): Promise<void> {
    const found: { name: string; file: string; bytes: number; used: number }[] = []
    for (const shard of await readdir(this.#dir).catch(() => [])) {
      const names = await readdir(path.join(this.#dir, shard)).catch(() => [])
      for (const name of names) {
        const file = path.join(this.#dir, shard, name)
        // Left by a write that a crash cut short.
        if (name.endsWith('.tmp')) {
          await rm(file, { force: true })
          continue
        }
        const stats = await stat(file).catch(() => undefined)
        if (!stats?.isFile()) continue
        const used = Math.max(stats.atimeMs, stats.mtimeMs)
        found.push({ name, file, bytes: diskBytes(stats.size), used })
      }
    }
    found.sort((a, b) => a.used - b.used)
    for (const { name, file, bytes } of found) {
      this.#entries.set(name, { file, bytes })
      this.#bytes += bytes
    }
    // The cap may have been lowered since these were written.
    await this.#evict()
  }
}
