import { existsSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { resolveSeedPath } from './seed.ts'

describe('resolveSeedPath', () => {
  it('honours explicit paths and LAKE_SEED=none', async () => {
    expect(await resolveSeedPath('/data/seed.ndjson')).toBe('/data/seed.ndjson')
    expect(await resolveSeedPath(null)).toBeNull()
  })

  it('falls back to @repo/seed, or to no seed when that package is unavailable', async () => {
    const resolved = await resolveSeedPath(undefined)
    if (resolved !== null) expect(existsSync(resolved)).toBe(true)
  })
})
