import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { VariantCache } from './variant-cache.ts'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'lake-variant-cache-'))
  dirs.push(dir)
  return dir
}

// Room for eight variants of one 4 KiB block each.
const cap = 8 * 4096
const variant = (n: number) => `${String(n).padStart(2, '0')}aa.png`
const bytes = new Uint8Array(4000)

describe('VariantCache', () => {
  it('should evict the least recently used variant, a read counting as a use', async () => {
    const dir = tempDir()
    const cache = new VariantCache(dir, cap)
    for (let n = 0; n < 8; n++) await cache.write(variant(n), bytes)
    expect(await cache.read(variant(0))).toBeDefined()
    await cache.write(variant(8), bytes)
    // 1 was the oldest once 0 was read.
    expect(await cache.read(variant(1))).toBeUndefined()
    expect(existsSync(path.join(dir, '01', variant(1)))).toBe(false)
    for (const n of [0, 2, 3, 4, 5, 6, 7, 8])
      expect(await cache.read(variant(n)), `${n}`).toBeDefined()
  })

  it('should not keep a variant over an eighth of the cap', async () => {
    const cache = new VariantCache(tempDir(), cap)
    await cache.write(variant(0), new Uint8Array(cap / 8 + 1))
    expect(await cache.read(variant(0))).toBeUndefined()
  })

  it('should rebuild its index from the files on start, oldest first, and apply a lower cap', async () => {
    const dir = tempDir()
    for (let n = 0; n < 8; n++) {
      mkdirSync(path.join(dir, variant(n).slice(0, 2)), { recursive: true })
      const file = path.join(dir, variant(n).slice(0, 2), variant(n))
      writeFileSync(file, bytes)
      // n = 0 is the newest.
      utimesSync(file, 1_000_000 - n, 1_000_000 - n)
    }
    writeFileSync(path.join(dir, '00', `${variant(0)}.abc.tmp`), bytes)
    const cache = new VariantCache(dir, cap / 2)
    expect(await cache.read(variant(0))).toBeDefined()
    expect(await cache.read(variant(7))).toBeUndefined()
    expect(existsSync(path.join(dir, '07', variant(7)))).toBe(false)
    expect(existsSync(path.join(dir, '00', `${variant(0)}.abc.tmp`))).toBe(false)
    expect(await cache.read(variant(3))).toBeDefined()
    expect(await cache.read(variant(4))).toBeUndefined()
  })
})
